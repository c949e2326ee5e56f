# La interfaz del reproductor de cursos (español).

## Marco de cada página
skip-link = Saltar al contenido
end-session = Cerrar sesión
signed-in-as = Has iniciado sesión como { $name }
who-learner = participante
who-instructor = docente
nav-label = Formación
nav-dashboard = Mi formación
nav-role = Puesto: { $role }
nav-choose-role = Elige tu puesto
language-label = Idioma
language-apply = Cambiar
minutes = { $n } min

## Puestos
role-title = ¿Cuál es tu puesto?
role-intro = Tu formación se adapta a tu trabajo. Elige el puesto que mejor te describa; podrás cambiarlo más adelante.
role-legend = Mi puesto
role-save = Guardar y continuar
role-required = Elige uno de los puestos, por favor.
role-fixed = Tu curso ha configurado esta actividad para un solo puesto ({ $role }), así que aquí no se puede cambiar.
role-cl = Medicina
role-cl-desc = Médicos y demás personal facultativo que diagnostica, prescribe y trata.
role-nu = Enfermería y profesiones sanitarias
role-nu-desc = Enfermeras, matronas, terapeutas y demás personal que atiende a pacientes en planta y en consultas.
role-ad = Administración
role-ad-desc = Admisión, documentación clínica, facturación, finanzas, compras y recursos humanos.
role-it = Informática e ingeniería clínica
role-it-desc = Quienes gestionan los ordenadores, redes, sistemas y equipos médicos del hospital.
role-mg = Dirección y consejo
role-mg-desc = Jefes de servicio, directivos y miembros del consejo que toman decisiones y responden de los riesgos.
role-tr = Formación
role-tr-desc = Formadores, equipos de protección de datos y responsables de concienciación que enseñan a otros.

## Panel y rutas
dash-title = Mi formación
dash-path = Tu ruta de aprendizaje
dash-no-path = Todavía no hay una ruta para tu puesto. Elige cualquier módulo de la lista.
dash-all-modules = Todos los módulos
dash-other-modules = Otros módulos
path-progress = { $done } de { $total } módulos superados
path-complete = Has completado esta ruta de aprendizaje.
col-module = Módulo
col-status = Estado
col-first = Primer intento
col-best = Mejor nota
status-not_started = Sin empezar
status-in_progress = En curso
status-passed = Superado
score-none = –
module-continue = Continuar

## Resumen del módulo
module-lessons = Lecciones
module-resume = Sigue donde lo dejaste: { $title }
module-begin = Empezar por la primera lección
lesson-seen = Leída
lesson-skipped = Omitida (prueba de nivel superada)
lesson-new = Sin leer
fallback-note = Este módulo aún no está disponible en tu idioma, por eso se muestra en inglés.
module-quiz = Cuestionario
quiz-about = En cada intento se eligen { $items } preguntas al azar. Apruebas con un { $mark } % o más.
quiz-must-pass-about = Algunas preguntas deben responderse correctamente para aprobar.
quiz-start = Empezar el cuestionario
quiz-retake = Repetir el cuestionario con preguntas nuevas
quiz-attempts = Intentos hasta ahora: { $n }
quiz-passed-note = Has superado este módulo.
testout-title = ¿Ya dominas el tema?
testout-about = Haz la prueba de nivel en lugar de las lecciones. Si la apruebas, las lecciones se marcan como omitidas y el módulo cuenta como superado.
testout-start = Hacer la prueba de nivel
module-related = Módulos relacionados

## Lección
lesson-position = Lección { $n } de { $count }
lesson-outcome = Al terminar esta lección podrás:
lesson-previous = Lección anterior
lesson-next = Lección siguiente
lesson-to-quiz = Ir al cuestionario
lesson-overview = Resumen del módulo
lesson-pager = Lecciones de este módulo

## Cuestionario
quiz-title = Cuestionario
testout-page-title = Prueba de nivel
quiz-instructions = Responde a las preguntas y envíalas al final. No se guarda nada hasta que las envíes.
quiz-question = Pregunta { $n } de { $count }
quiz-must-pass = Hay que responderla bien para aprobar.
quiz-choose-one = Elige una respuesta.
quiz-choose-many = Elige todas las respuestas correctas.
quiz-red-flags = Elige todas las señales de alarma de este mensaje.
quiz-message = El mensaje
quiz-order = Numera los pasos en el orden correcto: 1 para el primero.
quiz-match = Elige la pareja correcta para cada elemento.
quiz-pick = Elige…
quiz-submit = Enviar mis respuestas
quiz-incomplete = Algunas preguntas están respondidas solo en parte. Da a cada paso un número distinto y elige una pareja para cada elemento, o deja la pregunta en blanco.
quiz-blank = Aún no has respondido ninguna pregunta. Respóndelas y vuelve a enviar el cuestionario; si lo envías vacío otra vez, cuenta como un intento con un 0 %.
quiz-item-incomplete = Esta pregunta está respondida solo en parte.

## Resultado
result-title = Tu resultado
result-score = Has obtenido un { $percent } % ({ $correct } de { $total } correctas).
result-passed = Aprobado. ¡Bien hecho!
result-failed = Todavía no has aprobado. Necesitas un { $mark } % y acertar todas las preguntas marcadas como «hay que responderla bien».
result-missed-must = Has fallado una pregunta que hay que responder bien.
result-testout-passed = Prueba de nivel superada: las lecciones de este módulo se marcan como omitidas.
result-scores = Primer intento: { $first } %. Mejor nota: { $best } %.
result-correct = Correcta
result-wrong = Incorrecta
result-unanswered = Sin responder
result-answer = La respuesta correcta
result-why = Por qué
result-source = Fuente
result-retake = Intentarlo de nuevo con preguntas nuevas
result-back = Volver al módulo
result-next = Siguiente: { $module }
result-certificates = Tus certificados

## Problemas
notfound-title = No encontrado
notfound-module = Esta actividad pide el módulo «{ $id }», que no está en el catálogo.
notfound-path = Esta actividad pide la ruta «{ $id }», que no está en el catálogo.
notfound-lesson = La lección «{ $id }» no forma parte de este módulo para tu puesto.
notfound-attempt = Este intento de cuestionario no existe o no es tuyo.
notfound-activity = Actividad: { $placement }
notfound-hint = Avisa al docente de tu curso: puede revisar la configuración de la actividad (parámetros personalizados) en el LMS.
notfound-address-module = No existe ningún módulo «{ $id }». Puede que la dirección esté mal escrita o desactualizada: abre tu formación desde el menú de arriba.
notfound-address-path = No existe ninguna ruta «{ $id }». Puede que la dirección esté mal escrita o desactualizada: abre tu formación desde el menú de arriba.
setup-title = Esta actividad no está bien configurada
setup-job-role = La actividad fija job_role en «{ $value }». Debe ser CL, NU, AD, IT, MG o TR.
setup-pass-mark = La actividad fija pass_mark en «{ $value }». Debe ser un porcentaje entero del 1 al 100.
setup-graded = La actividad fija graded en «{ $value }». Debe ser module, path o none.
stale-title = Este módulo ha cambiado
stale-text = El módulo se actualizó después de que empezaras este cuestionario, así que no se puede puntuar. Empieza un intento nuevo.
invalid-title = No se pueden aceptar estas respuestas
invalid-text = Las respuestas enviadas no pertenecen a este intento, así que no se ha puntuado nada. Abre de nuevo el cuestionario desde la página del módulo.
