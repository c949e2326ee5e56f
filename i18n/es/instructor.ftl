# Páginas para docentes: selector de Deep Linking, página de regreso y lista de participantes; y las
# fechas que ve el alumnado en una actividad colocada.

dl-title = Añadir actividades de SecureHospitals
dl-heading = Añadir actividades de SecureHospitals a { $course }
dl-wizard-hint = ¿No sabe qué añadir?
dl-wizard-link = Planificar con el asistente de currículo
dl-wizard-hint-after = Propone módulos para cada perfil profesional y los añade a este curso de una vez.
dl-refused-title = Este curso no puede recibir actividades de SecureHospitals aquí
dl-refused-body = Su LMS solo pide: { $accepted }. SecureHospitals añade las actividades como enlaces de recurso LTI (ltiResourceLink). Cancele y añada la herramienta desde un selector de actividades que acepte enlaces LTI.
dl-search = Buscar
dl-role = Perfil profesional
dl-all-roles = Todos los perfiles
dl-language = Idioma
dl-all-languages = Todos los idiomas
dl-filter = Filtrar
dl-choose-many = Elija una o varias actividades.
dl-choose-one = Este curso acepta una actividad cada vez.
dl-times-utc = Las fechas y horas están en UTC. Déjelas vacías para una actividad siempre abierta.
dl-auto-create = Su LMS añade lo que elija al curso de inmediato.
dl-confirm-in-lms = Su LMS le mostrará lo elegido para una última revisión antes de añadirlo.
dl-nothing-matches = Nada coincide con estos filtros.
dl-col-choose = Elegir
dl-col-activity = Actividad
dl-col-minutes = Minutos
dl-col-languages = Idiomas
dl-col-roles = Perfiles
dl-col-opens = Abre
dl-col-due = Fecha límite
dl-col-graded = Calificada
dl-opens-label = { $title }: abre
dl-due-label = { $title }: fecha límite
dl-graded-label = { $title }: calificada
dl-add = Añadir al curso
dl-cancel = Cancelar
kind-module = Módulo
kind-path = Itinerario
kind-wizard = Herramienta de planificación
dl-added = { $count ->
    [one] 1 actividad de SecureHospitals añadida.
   *[other] { $count } actividades de SecureHospitals añadidas.
}
dl-cancelled = No se añadió nada: la selección se canceló en SecureHospitals.
dl-error-nothing = Elija al menos una actividad o cancele.
dl-error-bad-time = { $value } no es una fecha y hora legibles. Use el selector de fecha o escríbala como 2026-12-01T09:00.
dl-error-due-before = { $title } vence antes de abrir. Ponga una fecha límite posterior a la de apertura.
dl-error-unknown = { $key } no forma parte de la oferta de SecureHospitals.
dl-error-platform = Su curso no puede recibir esta selección: { $reason }
ret-title = Volviendo a su curso
ret-button = Volver al curso

ro-title = Participantes y progreso
ro-heading = Participantes y progreso: { $course }
ro-unavailable = Lista de participantes no disponible
ro-reason-code = Código de motivo
ro-summary = { $total } miembros, { $learners } alumnos; { $shown } mostrados.
ro-csv = Descargar como CSV
ro-role = Rol
ro-all-roles = Todos los roles
ro-status = Estado
ro-any-status = Cualquier estado
ro-status-active = Activo
ro-status-inactive = Inactivo
ro-passed-module = Módulo superado
ro-any = Cualquiera
ro-filter = Filtrar
ro-col-name = Nombre
ro-col-email = Correo
ro-col-roles = Roles
ro-col-status = Estado
ro-col-passed = Superados
ro-col-in-progress = En curso
ro-col-best = Mejores resultados
ro-col-first = Primeros resultados
ro-col-late = Con retraso
ro-none = ninguno
ro-late-entry = { $module } (vencía { $due })
ro-fetched = Lista de miembros leída del LMS el { $date }.
ro-refresh = Volver a leerla ahora
ro-stale = El LMS no ha enviado la lista de miembros ahora mismo ({ $reason }). Esta es la copia del { $date }.

timing-not-open = Esta actividad abre el { $date }.
timing-opened = Abierta desde el { $date }.
timing-due = Fecha límite: { $date }.
timing-overdue = La fecha límite era el { $date }. Aún puede terminarla; quedará marcada con retraso.
timing-late = Entregado después de la fecha límite ({ $due }): registrado y marcado con retraso.
