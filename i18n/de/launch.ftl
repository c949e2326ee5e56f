# Seiten eines Starts ohne Drittanbieter-Cookies: Öffnen, neues Fenster, fehlgeschlagene Wiederherstellung.
launch-page-title = SecureHospitals wird geöffnet
launch-opening-title = SecureHospitals wird geöffnet…
launch-opening-wait = Das dauert einen Moment.
launch-opening-continue = Falls nichts passiert, hier weiter.
launch-new-window-title = SecureHospitals in einem neuen Fenster öffnen
launch-new-window-why = Ihr Browser erlaubt SecureHospitals nicht, Ihre Anmeldung innerhalb dieser Seite zu halten. In einem eigenen Fenster funktioniert es: Fortschritt und Ergebnisse gehen trotzdem an Ihren Kurs.
launch-new-window-button = In neuem Fenster fortfahren
launch-new-window-opened = SecureHospitals ist in einem neuen Fenster geöffnet. Sie können diese Seite schließen oder zu Ihrem Kurs zurückkehren.
launch-restore-failed-title = SecureHospitals konnte hier nicht geöffnet werden
launch-restore-failed-text = Ihre Kursseite hat die Anmeldeprüfung für diesen Start nicht zurückgegeben, daher lässt er sich Ihrem Browser nicht zuordnen. Öffnen Sie die Aktivität erneut aus Ihrem Kurs. Wenn das wieder passiert, bitten Sie die LMS-Administration, die Aktivität in einem neuen Fenster öffnen zu lassen.
