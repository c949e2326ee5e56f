# Pages d’un lancement sans cookies tiers : ouverture, nouvelle fenêtre, échec de la reprise.
launch-page-title = Ouverture de SecureHospitals
launch-opening-title = Ouverture de SecureHospitals…
launch-opening-wait = Cela prend un instant.
launch-opening-continue = Si rien ne se passe, continuez ici.
launch-new-window-title = Ouvrir SecureHospitals dans une nouvelle fenêtre
launch-new-window-why = Votre navigateur ne permet pas à SecureHospitals de garder votre connexion dans cette page. Dans une fenêtre à part, cela fonctionne : votre progression et vos résultats sont quand même transmis à votre cours.
launch-new-window-button = Continuer dans une nouvelle fenêtre
launch-new-window-opened = SecureHospitals est ouvert dans une nouvelle fenêtre. Vous pouvez fermer cette page ou revenir à votre cours.
launch-restore-failed-title = SecureHospitals n’a pas pu s’ouvrir ici
launch-restore-failed-text = La page de votre cours n’a pas rendu le contrôle de connexion dont ce lancement a besoin : il ne peut donc pas être lié à votre navigateur. Rouvrez l’activité depuis votre cours. Si cela se reproduit, demandez à l’administration de la plateforme d’ouvrir l’activité dans une nouvelle fenêtre.
