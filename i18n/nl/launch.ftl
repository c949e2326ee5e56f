# Pagina’s van een start zonder cookies van derden: openen, nieuw venster, mislukt herstel.
launch-page-title = SecureHospitals wordt geopend
launch-opening-title = SecureHospitals wordt geopend…
launch-opening-wait = Dit duurt even.
launch-opening-continue = Gebeurt er niets, ga dan hier verder.
launch-new-window-title = SecureHospitals in een nieuw venster openen
launch-new-window-why = Uw browser laat SecureHospitals uw aanmelding niet binnen deze pagina bewaren. In een eigen venster werkt het wel: uw voortgang en scores gaan nog steeds naar uw cursus.
launch-new-window-button = Verder in een nieuw venster
launch-new-window-opened = SecureHospitals is geopend in een nieuw venster. U kunt deze pagina sluiten of teruggaan naar uw cursus.
launch-restore-failed-title = SecureHospitals kon hier niet openen
launch-restore-failed-text = Uw cursuspagina gaf de aanmeldcontrole die deze start nodig heeft niet terug, dus kan hij niet aan uw browser worden gekoppeld. Open de activiteit opnieuw vanuit uw cursus. Blijft dit gebeuren, vraag dan de LMS-beheerder de activiteit in een nieuw venster te laten openen.
