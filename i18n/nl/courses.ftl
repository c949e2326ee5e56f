# De interface van de cursusspeler (Nederlands).

## Kader van elke pagina
skip-link = Naar de inhoud
end-session = Sessie beëindigen
signed-in-as = Aangemeld als { $name }
who-learner = deelnemer
who-instructor = docent
nav-label = Training
nav-dashboard = Mijn training
nav-role = Functie: { $role }
nav-choose-role = Kies je functie
language-label = Taal
language-apply = Wijzigen
minutes = { $n } min

## Functies
role-title = Wat is je functie?
role-intro = Je training past zich aan je werk aan. Kies de functie die het best bij je past; je kunt die later nog wijzigen.
role-legend = Mijn functie
role-save = Opslaan en verder
role-required = Kies een van de functies.
role-fixed = Je cursus heeft deze activiteit voor één functie ingesteld ({ $role }), dus die kun je hier niet wijzigen.
role-cl = Arts
role-cl-desc = Artsen en ander medisch personeel dat diagnosticeert, voorschrijft en behandelt.
role-nu = Verpleging en paramedici
role-nu-desc = Verpleegkundigen, verloskundigen, therapeuten en anderen die patiënten verzorgen op de afdeling en de poli.
role-ad = Administratie
role-ad-desc = Receptie, patiëntendossiers, facturatie, financiën, inkoop en personeelszaken.
role-it = ICT en medische technologie
role-it-desc = Wie de computers, netwerken, systemen en medische apparatuur van het ziekenhuis beheert.
role-mg = Management en bestuur
role-mg-desc = Afdelingshoofden, directie en bestuursleden die beslissingen nemen en verantwoordelijk zijn voor risico's.
role-tr = Trainer
role-tr-desc = Trainers, privacy- en informatiebeveiligingsteams en bewustwordingscoördinatoren die anderen opleiden.

## Overzicht en leerpaden
dash-title = Mijn training
dash-path = Jouw leerpad
dash-no-path = Er is nog geen leerpad voor jouw functie. Kies hieronder een willekeurige module.
dash-all-modules = Alle modules
dash-other-modules = Andere modules
path-progress = { $done } van { $total } modules gehaald
path-complete = Je hebt dit leerpad afgerond.
col-module = Module
col-status = Status
col-first = Eerste poging
col-best = Beste score
status-not_started = Niet begonnen
status-in_progress = Bezig
status-passed = Gehaald
score-none = –
module-continue = Verdergaan

## Module-overzicht
module-lessons = Lessen
module-resume = Ga verder waar je gebleven was: { $title }
module-begin = Begin met de eerste les
lesson-seen = Gelezen
lesson-skipped = Overgeslagen (instaptoets gehaald)
lesson-new = Nog niet gelezen
fallback-note = Deze module is nog niet beschikbaar in jouw taal en wordt daarom in het Engels getoond.
module-quiz = Quiz
quiz-about = Bij elke poging worden { $items } vragen willekeurig gekozen. Je slaagt met { $mark }% of meer.
quiz-must-pass-about = Sommige vragen moet je goed beantwoorden om te slagen.
quiz-start = Quiz starten
quiz-retake = Quiz opnieuw maken met nieuwe vragen
quiz-attempts = Pogingen tot nu toe: { $n }
quiz-passed-note = Je hebt deze module gehaald.
testout-title = Weet je dit al?
testout-about = Maak de instaptoets in plaats van de lessen. Haal je die, dan worden de lessen als overgeslagen gemarkeerd en telt de module als gehaald.
testout-start = Instaptoets maken
module-related = Verwante modules

## Les
lesson-position = Les { $n } van { $count }
lesson-outcome = Na deze les kun je:
lesson-previous = Vorige les
lesson-next = Volgende les
lesson-to-quiz = Naar de quiz
lesson-overview = Module-overzicht
lesson-pager = Lessen van deze module

## Quiz
quiz-title = Quiz
testout-page-title = Instaptoets
quiz-instructions = Beantwoord de vragen en verstuur ze aan het eind. Er wordt pas iets vastgelegd als je verstuurt.
quiz-question = Vraag { $n } van { $count }
quiz-must-pass = Moet goed beantwoord worden om te slagen.
quiz-choose-one = Kies één antwoord.
quiz-choose-many = Kies alle antwoorden die kloppen.
quiz-red-flags = Kies alle waarschuwingssignalen in dit bericht.
quiz-message = Het bericht
quiz-order = Nummer de stappen in de juiste volgorde: 1 voor de eerste stap.
quiz-match = Kies bij elk onderdeel het juiste antwoord.
quiz-pick = Kies…
quiz-submit = Mijn antwoorden versturen
quiz-incomplete = Sommige vragen zijn maar gedeeltelijk beantwoord. Geef elke stap een eigen nummer en kies bij elk onderdeel een antwoord, of laat de vraag leeg.
quiz-blank = Je hebt nog geen enkele vraag beantwoord. Beantwoord de vragen en verstuur de quiz opnieuw; verstuur je hem nog een keer leeg, dan telt hij als poging met 0 %.
quiz-item-incomplete = Deze vraag is maar gedeeltelijk beantwoord.

## Resultaat
result-title = Jouw resultaat
result-score = Je score is { $percent }% ({ $correct } van de { $total } goed).
result-passed = Gehaald. Goed gedaan!
result-failed = Nog niet gehaald. Je hebt { $mark }% nodig en alle vragen die "moet goed beantwoord worden" goed.
result-missed-must = Je hebt een vraag gemist die goed beantwoord moet worden.
result-testout-passed = Instaptoets gehaald: de lessen van deze module zijn als overgeslagen gemarkeerd.
result-scores = Eerste poging: { $first }%. Beste score: { $best }%.
result-correct = Goed
result-wrong = Niet goed
result-unanswered = Niet beantwoord
result-answer = Het juiste antwoord
result-why = Waarom
result-source = Bron
result-retake = Opnieuw proberen met nieuwe vragen
result-back = Terug naar de module
result-next = Volgende: { $module }
result-certificates = Je certificaten

## Problemen
notfound-title = Niet gevonden
notfound-module = Deze activiteit vraagt om module "{ $id }", die niet in de catalogus staat.
notfound-path = Deze activiteit vraagt om leerpad "{ $id }", dat niet in de catalogus staat.
notfound-lesson = De les "{ $id }" hoort voor jouw functie niet bij deze module.
notfound-attempt = Deze quizpoging bestaat niet of is niet van jou.
notfound-activity = Activiteit: { $placement }
notfound-hint = Laat het de docent van je cursus weten: die kan de instellingen van de activiteit (aangepaste parameters) in het LMS controleren.
notfound-address-module = Er is geen module "{ $id }". Het adres is misschien verkeerd getypt of verouderd: open je training via het menu hierboven.
notfound-address-path = Er is geen leerpad "{ $id }". Het adres is misschien verkeerd getypt of verouderd: open je training via het menu hierboven.
setup-title = Deze activiteit is niet goed ingesteld
setup-job-role = De activiteit zet job_role op "{ $value }". Dat moet CL, NU, AD, IT, MG of TR zijn.
setup-pass-mark = De activiteit zet pass_mark op "{ $value }". Dat moet een heel percentage van 1 tot 100 zijn.
setup-graded = De activiteit zet graded op "{ $value }". Dat moet module, path of none zijn.
stale-title = Deze module is gewijzigd
stale-text = De module is bijgewerkt nadat je deze quiz begon, dus de quiz kan niet worden beoordeeld. Begin een nieuwe poging.
invalid-title = Deze antwoorden kunnen niet worden aanvaard
invalid-text = De verstuurde antwoorden horen niet bij deze quizpoging, dus er is niets beoordeeld. Open de quiz opnieuw via de modulepagina.
