# Pages formateurs : sélecteur Deep Linking, page de retour et liste des participants ; et les
# dates que les apprenants voient sur une activité placée.

dl-title = Ajouter des activités SecureHospitals
dl-heading = Ajouter des activités SecureHospitals à { $course }
dl-wizard-hint = Vous hésitez ?
dl-wizard-link = Planifier avec l’assistant de programme
dl-wizard-hint-after = Il propose des modules pour chaque métier et les ajoute à ce cours en une seule fois.
dl-refused-title = Ce cours ne peut pas recevoir d’activités SecureHospitals ici
dl-refused-body = Votre LMS demande uniquement : { $accepted }. SecureHospitals ajoute les activités sous forme de liens de ressource LTI (ltiResourceLink). Annulez et ajoutez l’outil depuis un sélecteur d’activités qui accepte les liens LTI.
dl-search = Rechercher
dl-role = Métier
dl-all-roles = Tous les métiers
dl-language = Langue
dl-all-languages = Toutes les langues
dl-filter = Filtrer
dl-choose-many = Choisissez une ou plusieurs activités.
dl-choose-one = Ce cours accepte une activité à la fois.
dl-times-utc = Les dates et heures sont en UTC. Laissez vide pour une activité toujours ouverte.
dl-auto-create = Votre LMS ajoute immédiatement votre choix au cours.
dl-confirm-in-lms = Votre LMS affiche votre choix pour une dernière vérification avant de l’ajouter.
dl-nothing-matches = Rien ne correspond à ces filtres.
dl-col-choose = Choisir
dl-col-activity = Activité
dl-col-minutes = Minutes
dl-col-languages = Langues
dl-col-roles = Métiers
dl-col-opens = Ouverture
dl-col-due = Échéance
dl-col-graded = Noté
dl-opens-label = { $title } : ouverture
dl-due-label = { $title } : échéance
dl-graded-label = { $title } : noté
dl-add = Ajouter au cours
dl-cancel = Annuler
kind-module = Module
kind-path = Parcours
kind-wizard = Outil de planification
dl-added = { $count ->
    [one] 1 activité SecureHospitals ajoutée.
   *[other] { $count } activités SecureHospitals ajoutées.
}
dl-cancelled = Rien n’a été ajouté : la sélection a été annulée dans SecureHospitals.
dl-error-nothing = Choisissez au moins une activité, ou annulez.
dl-error-bad-time = { $value } n’est pas une date et une heure lisibles. Utilisez le sélecteur de date ou écrivez-la comme 2026-12-01T09:00.
dl-error-due-before = { $title } arrive à échéance avant son ouverture. Choisissez une échéance après la date d’ouverture.
dl-error-unknown = { $key } ne fait pas partie de l’offre SecureHospitals.
dl-error-platform = Votre cours ne peut pas recevoir cette sélection : { $reason }
ret-title = Retour à votre cours
ret-button = Retourner au cours

ro-title = Participants et progression
ro-heading = Participants et progression : { $course }
ro-unavailable = Liste des participants indisponible
ro-reason-code = Code de raison
ro-summary = { $total } membres, { $learners } apprenants ; { $shown } affichés.
ro-csv = Télécharger en CSV
ro-role = Rôle
ro-all-roles = Tous les rôles
ro-status = Statut
ro-any-status = Tous les statuts
ro-status-active = Actif
ro-status-inactive = Inactif
ro-passed-module = Module réussi
ro-any = Tous
ro-filter = Filtrer
ro-col-name = Nom
ro-col-email = E-mail
ro-col-roles = Rôles
ro-col-status = Statut
ro-col-passed = Réussis
ro-col-in-progress = En cours
ro-col-best = Meilleurs scores
ro-col-first = Premiers scores
ro-col-late = En retard
ro-none = aucun
ro-late-entry = { $module } (échéance { $due })
ro-fetched = Liste des membres lue dans le LMS le { $date }.
ro-refresh = La relire maintenant
ro-stale = Le LMS n’a pas envoyé la liste des membres à l’instant ({ $reason }). Voici la copie du { $date }.

timing-not-open = Cette activité ouvre le { $date }.
timing-opened = Ouverte depuis le { $date }.
timing-due = À terminer avant le { $date }.
timing-overdue = L’échéance était le { $date }. Vous pouvez encore la terminer ; elle sera marquée en retard.
timing-late = Remis après l’échéance ({ $due }) : enregistré et marqué en retard.
