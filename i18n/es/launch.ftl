# Páginas de un acceso sin cookies de terceros: apertura, ventana nueva y recuperación fallida.
launch-page-title = Abriendo SecureHospitals
launch-opening-title = Abriendo SecureHospitals…
launch-opening-wait = Esto tarda un momento.
launch-opening-continue = Si no pasa nada, continúe aquí.
launch-new-window-title = Abrir SecureHospitals en una ventana nueva
launch-new-window-why = Su navegador no permite que SecureHospitals mantenga su sesión dentro de esta página. En una ventana propia funciona: su progreso y sus notas siguen llegando a su curso.
launch-new-window-button = Continuar en una ventana nueva
launch-new-window-opened = SecureHospitals está abierto en una ventana nueva. Puede cerrar esta página o volver a su curso.
launch-restore-failed-title = SecureHospitals no pudo abrirse aquí
launch-restore-failed-text = La página de su curso no devolvió la comprobación de inicio de sesión que necesita este acceso, así que no se puede vincular a su navegador. Abra de nuevo la actividad desde su curso. Si vuelve a ocurrir, pida a la administración del LMS que la actividad se abra en una ventana nueva.
