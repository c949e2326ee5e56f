# The institution view for LMS administrators: every course of their platform at once.

in-title = Resumen de la institución
in-intro = { $learners } participantes en { $courses } cursos de esta plataforma. Datos a fecha de { $date }.
in-csv = Descargar en CSV (hoja de cálculo)
in-back = Volver a la página de inicio
in-by-role = Finalización y certificados por puesto de trabajo
in-no-learners = Nadie en esta plataforma ha empezado todavía una formación de SecureHospitals.
in-col-role = Puesto de trabajo
in-col-learners = Participantes
in-col-completed = Itinerario terminado
in-col-completion = Finalización
in-col-modules = Módulos superados
in-col-certified = Certificado válido
in-col-expiring = Caduca pronto
in-col-expired = Caducado
in-col-revoked = Revocado
in-total = Todos los puestos
in-role-none = Aún sin elegir
in-overdue = Participantes con retraso
in-no-overdue = Ningún participante ha superado una fecha límite fijada en un curso.
in-col-learner = Nombre
in-col-user = Id. de usuario del LMS
in-col-course = Curso
in-col-item = Actividad
in-col-due = Fecha límite
in-col-status = Progreso
in-overdue-detail = { $days ->
    [0] menos de un día de retraso
    [one] 1 día de retraso
   *[other] { $days } días de retraso
}, { $done } de { $of } módulos superados
in-expiring = Certificados que caducan en los próximos { $days } días
in-no-expiring = Ningún certificado caduca en este periodo.
in-col-path = Itinerario
in-col-valid-until = Válido hasta
in-col-left = Tiempo restante
in-days-left = { $days ->
    [one] 1 día
   *[other] { $days } días
}
in-privacy = Aquí solo aparecen participantes de su propia plataforma. Un participante figura con retraso cuando ha abierto una actividad con fecha límite y no la ha terminado a tiempo.
in-showing-first = Se muestran los primeros { $shown } de { $total }. El archivo CSV los incluye todos.
in-refused-title = Solo para la administración del LMS de su organización
in-refused-body = El resumen muestra todos los cursos de su plataforma de aprendizaje, por eso solo se abre para las personas que su LMS identifica como administradoras de la institución o del sitio. Como docente de un curso, encontrará el progreso de sus participantes en la lista de participantes del curso.
