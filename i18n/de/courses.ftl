# Die Oberfläche des Kursplayers (Deutsch).

## Rahmen jeder Seite
skip-link = Zum Inhalt springen
end-session = Sitzung beenden
signed-in-as = Angemeldet als { $name }
who-learner = Lernende:r
who-instructor = Lehrende:r
nav-label = Schulung
nav-dashboard = Meine Schulung
nav-role = Berufsgruppe: { $role }
nav-choose-role = Berufsgruppe wählen
language-label = Sprache
language-apply = Wechseln
minutes = { $n } Min.

## Berufsgruppen
role-title = In welchem Bereich arbeiten Sie?
role-intro = Ihre Schulung passt sich an Ihre Arbeit an. Wählen Sie die Berufsgruppe, die am besten zu Ihnen passt; Sie können sie später ändern.
role-legend = Meine Berufsgruppe
role-save = Speichern und weiter
role-required = Bitte wählen Sie eine der Berufsgruppen.
role-fixed = Ihr Kurs hat diese Aktivität für eine Berufsgruppe eingerichtet ({ $role }), daher kann sie hier nicht geändert werden.
role-cl = Ärztlicher Dienst
role-cl-desc = Ärztinnen, Ärzte und weiteres medizinisches Personal, das diagnostiziert, verordnet und behandelt.
role-nu = Pflege und Gesundheitsfachberufe
role-nu-desc = Pflegekräfte, Hebammen, Therapeutinnen und Therapeuten und alle, die Patientinnen und Patienten auf Station und in der Ambulanz versorgen.
role-ad = Verwaltung
role-ad-desc = Empfang und Patientenaufnahme, Archiv, Abrechnung, Finanzen, Einkauf und Personalwesen.
role-it = IT und Medizintechnik
role-it-desc = Alle, die Computer, Netzwerke, Systeme und Medizingeräte des Krankenhauses betreiben.
role-mg = Leitung und Geschäftsführung
role-mg-desc = Abteilungsleitungen, Direktorium und Aufsichtsgremien, die entscheiden und für Risiken verantwortlich sind.
role-tr = Schulung und Awareness
role-tr-desc = Trainerinnen und Trainer, Datenschutz- und Informationssicherheitsteams und Awareness-Verantwortliche, die andere schulen.

## Übersicht und Lernpfade
dash-title = Meine Schulung
dash-path = Ihr Lernpfad
dash-no-path = Für Ihre Berufsgruppe gibt es noch keinen Lernpfad. Wählen Sie unten ein beliebiges Modul.
dash-all-modules = Alle Module
dash-other-modules = Weitere Module
path-progress = { $done } von { $total } Modulen bestanden
path-complete = Sie haben diesen Lernpfad abgeschlossen.
col-module = Modul
col-status = Stand
col-first = Erster Versuch
col-best = Bestes Ergebnis
status-not_started = Nicht begonnen
status-in_progress = Begonnen
status-passed = Bestanden
score-none = –
module-continue = Fortsetzen

## Modulübersicht
module-lessons = Lektionen
module-resume = Dort weitermachen, wo Sie aufgehört haben: { $title }
module-begin = Mit der ersten Lektion beginnen
lesson-seen = Gelesen
lesson-skipped = Übersprungen (Einstufungstest bestanden)
lesson-new = Noch nicht gelesen
fallback-note = Dieses Modul gibt es noch nicht in Ihrer Sprache, deshalb wird es auf Englisch angezeigt.
module-quiz = Quiz
quiz-about = Für jeden Versuch werden { $items } Fragen zufällig ausgewählt. Bestanden haben Sie ab { $mark } %.
quiz-must-pass-about = Einige Fragen müssen richtig beantwortet werden, um zu bestehen.
quiz-start = Quiz starten
quiz-retake = Quiz mit neuen Fragen wiederholen
quiz-attempts = Bisherige Versuche: { $n }
quiz-passed-note = Sie haben dieses Modul bestanden.
testout-title = Kennen Sie sich schon aus?
testout-about = Machen Sie den Einstufungstest statt der Lektionen. Wenn Sie bestehen, werden die Lektionen als übersprungen markiert und das Modul gilt als bestanden.
testout-start = Einstufungstest machen
module-related = Verwandte Module

## Lektion
lesson-position = Lektion { $n } von { $count }
lesson-outcome = Nach dieser Lektion können Sie:
lesson-previous = Vorherige Lektion
lesson-next = Nächste Lektion
lesson-to-quiz = Weiter zum Quiz
lesson-overview = Modulübersicht
lesson-pager = Lektionen dieses Moduls

## Quiz
quiz-title = Quiz
testout-page-title = Einstufungstest
quiz-instructions = Beantworten Sie die Fragen und senden Sie sie am Ende ab. Erst mit dem Absenden wird etwas gespeichert.
quiz-question = Frage { $n } von { $count }
quiz-must-pass = Muss richtig beantwortet werden, um zu bestehen.
quiz-choose-one = Wählen Sie eine Antwort.
quiz-choose-many = Wählen Sie alle zutreffenden Antworten.
quiz-red-flags = Wählen Sie alle Warnzeichen in dieser Nachricht.
quiz-message = Die Nachricht
quiz-order = Nummerieren Sie die Schritte in der richtigen Reihenfolge: 1 für den ersten Schritt.
quiz-match = Wählen Sie für jeden Eintrag die passende Zuordnung.
quiz-pick = Bitte wählen…
quiz-submit = Antworten absenden
quiz-incomplete = Einige Fragen sind nur teilweise beantwortet. Geben Sie jedem Schritt eine eigene Nummer und wählen Sie für jeden Eintrag eine Zuordnung, oder lassen Sie die Frage ganz leer.
quiz-blank = Sie haben noch keine Frage beantwortet. Beantworten Sie die Fragen und senden Sie das Quiz erneut; wenn Sie es noch einmal leer senden, zählt es als Versuch mit 0 %.
quiz-item-incomplete = Diese Frage ist nur teilweise beantwortet.

## Ergebnis
result-title = Ihr Ergebnis
result-score = Sie haben { $percent } % erreicht ({ $correct } von { $total } richtig).
result-passed = Bestanden. Gut gemacht!
result-failed = Noch nicht bestanden. Sie brauchen { $mark } % und jede Frage mit dem Hinweis „muss richtig beantwortet werden“.
result-missed-must = Sie haben eine Frage verpasst, die richtig beantwortet werden muss.
result-testout-passed = Einstufungstest bestanden: Die Lektionen dieses Moduls sind als übersprungen markiert.
result-scores = Erster Versuch: { $first } %. Bestes Ergebnis: { $best } %.
result-correct = Richtig
result-wrong = Nicht richtig
result-unanswered = Nicht beantwortet
result-answer = Die richtige Antwort
result-why = Warum
result-source = Quelle
result-retake = Mit neuen Fragen noch einmal versuchen
result-back = Zurück zum Modul
result-next = Weiter mit: { $module }
result-certificates = Ihre Zertifikate

## Probleme
notfound-title = Nicht gefunden
notfound-module = Diese Aktivität verlangt das Modul „{ $id }“, das es im Katalog nicht gibt.
notfound-path = Diese Aktivität verlangt den Lernpfad „{ $id }“, den es im Katalog nicht gibt.
notfound-lesson = Die Lektion „{ $id }“ gehört für Ihre Berufsgruppe nicht zu diesem Modul.
notfound-attempt = Diesen Quizversuch gibt es nicht, oder er gehört nicht Ihnen.
notfound-activity = Aktivität: { $placement }
notfound-hint = Bitte informieren Sie die Lehrenden Ihres Kurses. Sie können die Einstellungen der Aktivität (benutzerdefinierte Parameter) im LMS prüfen.
notfound-address-module = Ein Modul „{ $id }“ gibt es nicht. Die Adresse ist vielleicht vertippt oder veraltet: Öffnen Sie Ihre Schulung über das Menü oben.
notfound-address-path = Einen Lernpfad „{ $id }“ gibt es nicht. Die Adresse ist vielleicht vertippt oder veraltet: Öffnen Sie Ihre Schulung über das Menü oben.
setup-title = Diese Aktivität ist nicht richtig eingerichtet
setup-job-role = Die Aktivität setzt job_role auf „{ $value }“. Erlaubt sind CL, NU, AD, IT, MG oder TR.
setup-pass-mark = Die Aktivität setzt pass_mark auf „{ $value }“. Erlaubt ist eine ganze Prozentzahl von 1 bis 100.
setup-graded = Die Aktivität setzt graded auf „{ $value }“. Erlaubt sind module, path oder none.
stale-title = Dieses Modul hat sich geändert
stale-text = Das Modul wurde aktualisiert, nachdem Sie dieses Quiz begonnen haben, daher kann es nicht gewertet werden. Bitte starten Sie einen neuen Versuch.
invalid-title = Diese Antworten können nicht angenommen werden
invalid-text = Die gesendeten Antworten gehören nicht zu diesem Quizversuch, daher wurde nichts gewertet. Öffnen Sie das Quiz erneut über die Modulseite.
