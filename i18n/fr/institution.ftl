# The institution view for LMS administrators: every course of their platform at once.

in-title = Vue d'ensemble de l'établissement
in-intro = { $learners } apprenants dans { $courses } cours sur cette plateforme. Chiffres au { $date }.
in-csv = Télécharger en CSV (tableur)
in-back = Retour à la page d'accueil
in-by-role = Achèvement et certificats par métier
in-no-learners = Personne sur cette plateforme n'a encore commencé de formation SecureHospitals.
in-col-role = Métier
in-col-learners = Apprenants
in-col-completed = Parcours terminé
in-col-completion = Taux d'achèvement
in-col-modules = Modules réussis
in-col-certified = Certificat valide
in-col-expiring = Expire bientôt
in-col-expired = Expiré
in-col-revoked = Révoqué
in-total = Tous les métiers
in-role-none = Pas encore choisi
in-overdue = Apprenants en retard
in-no-overdue = Aucun apprenant n'a dépassé une échéance fixée dans un cours.
in-col-learner = Nom
in-col-user = Identifiant LMS
in-col-course = Cours
in-col-item = Activité
in-col-due = Échéance
in-col-status = Progression
in-overdue-detail = { $days ->
    [0] moins d'un jour de retard
    [one] 1 jour de retard
   *[other] { $days } jours de retard
}, { $done } module(s) réussi(s) sur { $of }
in-expiring = Certificats expirant dans les { $days } jours
in-no-expiring = Aucun certificat n'expire pendant cette période.
in-col-path = Parcours
in-col-valid-until = Valable jusqu'au
in-col-left = Temps restant
in-days-left = { $days ->
    [one] 1 jour
   *[other] { $days } jours
}
in-privacy = Seuls les apprenants de votre propre plateforme figurent ici. Un apprenant apparaît en retard dès qu'il a ouvert une activité avec échéance sans la terminer à temps.
in-showing-first = Affichage des { $shown } premiers sur { $total }. Le fichier CSV les contient tous.
in-refused-title = Réservé aux administrateurs LMS de votre établissement
in-refused-body = La vue d'ensemble présente tous les cours de votre plateforme ; elle ne s'ouvre donc qu'aux personnes que votre LMS désigne comme administrateurs de l'établissement ou du site. En tant qu'enseignant d'un cours, vous trouvez la progression de vos apprenants dans la liste des participants du cours.
