# The institution view for LMS administrators: every course of their platform at once.

in-title = Übersicht für die Einrichtung
in-intro = { $learners } Lernende in { $courses } Kursen auf dieser Plattform. Stand: { $date }.
in-csv = Als CSV herunterladen (Tabellenkalkulation)
in-back = Zurück zur Startseite
in-by-role = Abschlüsse und Zertifikate nach Berufsgruppe
in-no-learners = Auf dieser Plattform hat noch niemand mit einer SecureHospitals-Schulung begonnen.
in-col-role = Berufsgruppe
in-col-learners = Lernende
in-col-completed = Lernpfad abgeschlossen
in-col-completion = Abschlussquote
in-col-modules = Bestandene Module
in-col-certified = Gültiges Zertifikat
in-col-expiring = Läuft bald ab
in-col-expired = Abgelaufen
in-col-revoked = Widerrufen
in-total = Alle Berufsgruppen
in-role-none = Noch nicht gewählt
in-overdue = Überfällige Lernende
in-no-overdue = Niemand hat einen in einem Kurs gesetzten Termin überschritten.
in-col-learner = Name
in-col-user = LMS-Benutzerkennung
in-col-course = Kurs
in-col-item = Aktivität
in-col-due = Fällig am
in-col-status = Fortschritt
in-overdue-detail = { $days ->
    [0] seit weniger als einem Tag überfällig
    [one] 1 Tag überfällig
   *[other] { $days } Tage überfällig
}, { $done } von { $of } Modulen bestanden
in-expiring = Zertifikate, die in den nächsten { $days } Tagen ablaufen
in-no-expiring = In diesem Zeitraum läuft kein Zertifikat ab.
in-col-path = Lernpfad
in-col-valid-until = Gültig bis
in-col-left = Verbleibend
in-days-left = { $days ->
    [one] 1 Tag
   *[other] { $days } Tage
}
in-privacy = Hier erscheinen nur Lernende Ihrer eigenen Plattform. Als überfällig gilt, wer eine Aktivität mit Termin geöffnet und nicht rechtzeitig abgeschlossen hat.
in-showing-first = Angezeigt werden die ersten { $shown } von { $total }. Die CSV-Datei enthält alle.
in-refused-title = Nur für die LMS-Administration Ihrer Einrichtung
in-refused-body = Die Übersicht zeigt alle Kurse Ihrer Lernplattform und öffnet sich daher nur für Personen, die Ihr LMS als Administration der Einrichtung oder der Website ausweist. Als Lehrkraft eines Kurses finden Sie den Fortschritt Ihrer Lernenden in der Teilnehmerliste des Kurses.
