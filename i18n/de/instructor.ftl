# Seiten für Lehrende: Deep-Linking-Auswahl, Rückkehrseite und Teilnehmerliste; dazu die Termine,
# die Lernende bei einer platzierten Aktivität sehen.

dl-title = SecureHospitals-Aktivitäten hinzufügen
dl-heading = SecureHospitals-Aktivitäten zu { $course } hinzufügen
dl-wizard-hint = Unsicher, was passt?
dl-wizard-link = Mit dem Curriculum-Assistenten planen
dl-wizard-hint-after = Er schlägt Module für jede Berufsgruppe vor und fügt sie in einem Schritt zu diesem Kurs hinzu.
dl-refused-title = Dieser Kurs kann hier keine SecureHospitals-Aktivitäten aufnehmen
dl-refused-body = Ihr LMS fragt nur nach: { $accepted }. SecureHospitals fügt Aktivitäten als LTI-Ressourcenlinks (ltiResourceLink) hinzu. Brechen Sie ab und fügen Sie das Tool über eine Aktivitätsauswahl hinzu, die LTI-Links annimmt.
dl-search = Suche
dl-role = Berufsgruppe
dl-all-roles = Alle Berufsgruppen
dl-language = Sprache
dl-all-languages = Alle Sprachen
dl-filter = Filtern
dl-choose-many = Wählen Sie eine oder mehrere Aktivitäten.
dl-choose-one = Dieser Kurs nimmt jeweils eine Aktivität auf.
dl-times-utc = Datum und Uhrzeit gelten in UTC. Leer lassen, wenn die Aktivität immer offen sein soll.
dl-auto-create = Ihr LMS fügt die Auswahl sofort zum Kurs hinzu.
dl-confirm-in-lms = Ihr LMS zeigt die Auswahl vor dem Hinzufügen noch einmal zur Kontrolle.
dl-nothing-matches = Nichts passt zu diesen Filtern.
dl-col-choose = Wählen
dl-col-activity = Aktivität
dl-col-minutes = Minuten
dl-col-languages = Sprachen
dl-col-roles = Berufsgruppen
dl-col-opens = Öffnet
dl-col-due = Fällig
dl-col-graded = Bewertet
dl-opens-label = { $title }: öffnet
dl-due-label = { $title }: fällig
dl-graded-label = { $title }: bewertet
dl-add = Zum Kurs hinzufügen
dl-cancel = Abbrechen
kind-module = Modul
kind-path = Lernpfad
kind-wizard = Planungswerkzeug
dl-added = { $count ->
    [one] 1 SecureHospitals-Aktivität hinzugefügt.
   *[other] { $count } SecureHospitals-Aktivitäten hinzugefügt.
}
dl-cancelled = Nichts hinzugefügt: Die Auswahl wurde in SecureHospitals abgebrochen.
dl-error-nothing = Wählen Sie mindestens eine Aktivität oder brechen Sie ab.
dl-error-bad-time = { $value } ist kein lesbares Datum mit Uhrzeit. Nutzen Sie die Datumsauswahl oder schreiben Sie es wie 2026-12-01T09:00.
dl-error-due-before = { $title } ist fällig, bevor es öffnet. Setzen Sie den Fälligkeitstermin nach den Öffnungstermin.
dl-error-unknown = { $key } gehört nicht zum Angebot von SecureHospitals.
dl-error-platform = Ihr Kurs kann diese Auswahl nicht aufnehmen: { $reason }
ret-title = Zurück zu Ihrem Kurs
ret-button = Zurück zu Ihrem Kurs

ro-title = Teilnehmende und Fortschritt
ro-heading = Teilnehmende und Fortschritt: { $course }
ro-unavailable = Teilnehmerliste nicht verfügbar
ro-reason-code = Fehlercode
ro-summary = { $total } Mitglieder, { $learners } Lernende; { $shown } angezeigt.
ro-csv = Als CSV herunterladen
ro-role = Rolle
ro-all-roles = Alle Rollen
ro-status = Status
ro-any-status = Jeder Status
ro-status-active = Aktiv
ro-status-inactive = Inaktiv
ro-passed-module = Bestandenes Modul
ro-any = Beliebig
ro-filter = Filtern
ro-col-name = Name
ro-col-email = E-Mail
ro-col-roles = Rollen
ro-col-status = Status
ro-col-passed = Bestanden
ro-col-in-progress = In Bearbeitung
ro-col-best = Beste Ergebnisse
ro-col-first = Erste Ergebnisse
ro-col-late = Verspätet
ro-none = keine
ro-late-entry = { $module } (fällig { $due })
ro-fetched = Mitgliederliste vom LMS gelesen am { $date }.
ro-refresh = Jetzt neu lesen
ro-stale = Das LMS hat die Mitgliederliste gerade nicht geliefert ({ $reason }). Dies ist der Stand vom { $date }.

timing-not-open = Diese Aktivität öffnet am { $date }.
timing-opened = Offen seit { $date }.
timing-due = Fällig bis { $date }.
timing-overdue = Der Fälligkeitstermin war { $date }. Sie können die Aktivität noch abschließen; sie wird als verspätet markiert.
timing-late = Nach dem Fälligkeitstermin ({ $due }) abgegeben: gespeichert und als verspätet markiert.
