# L'interfaccia del lettore dei corsi (italiano).

## Cornice di ogni pagina
skip-link = Vai al contenuto
end-session = Termina la sessione
signed-in-as = Accesso effettuato come { $name }
who-learner = partecipante
who-instructor = docente
nav-label = Formazione
nav-dashboard = La mia formazione
nav-role = Ruolo: { $role }
nav-choose-role = Scegli il tuo ruolo
language-label = Lingua
language-apply = Cambia
minutes = { $n } min

## Ruoli
role-title = Di che cosa ti occupi?
role-intro = La formazione si adatta al tuo lavoro. Scegli il ruolo che ti descrive meglio; potrai cambiarlo in seguito.
role-legend = Il mio ruolo
role-save = Salva e continua
role-required = Scegli uno dei ruoli.
role-fixed = Il tuo corso ha impostato questa attività per un solo ruolo ({ $role }), quindi qui non si può cambiare.
role-cl = Medico
role-cl-desc = Medici e altro personale sanitario che fa diagnosi, prescrive e cura.
role-nu = Infermieri e professioni sanitarie
role-nu-desc = Infermieri, ostetriche, terapisti e altro personale che assiste i pazienti in reparto e in ambulatorio.
role-ad = Amministrazione
role-ad-desc = Accettazione, cartelle cliniche, fatturazione, contabilità, acquisti e risorse umane.
role-it = Informatica e ingegneria clinica
role-it-desc = Chi gestisce computer, reti, sistemi e dispositivi medici dell'ospedale.
role-mg = Direzione e consiglio
role-mg-desc = Primari, dirigenti e membri del consiglio che prendono decisioni e rispondono dei rischi.
role-tr = Formatore
role-tr-desc = Formatori, referenti per la protezione dei dati e responsabili della sensibilizzazione che formano gli altri.

## Pannello e percorsi
dash-title = La mia formazione
dash-path = Il tuo percorso
dash-no-path = Non c'è ancora un percorso per il tuo ruolo. Scegli un modulo qualsiasi qui sotto.
dash-all-modules = Tutti i moduli
dash-other-modules = Altri moduli
path-progress = { $done } moduli superati su { $total }
path-complete = Hai completato questo percorso.
col-module = Modulo
col-status = Stato
col-first = Primo tentativo
col-best = Punteggio migliore
status-not_started = Non iniziato
status-in_progress = In corso
status-passed = Superato
score-none = –
module-continue = Continua

## Panoramica del modulo
module-lessons = Lezioni
module-resume = Riprendi da dove avevi lasciato: { $title }
module-begin = Inizia dalla prima lezione
lesson-seen = Letta
lesson-skipped = Saltata (test d'ingresso superato)
lesson-new = Non ancora letta
fallback-note = Questo modulo non è ancora disponibile nella tua lingua, per questo è mostrato in inglese.
module-quiz = Quiz
quiz-about = Ogni tentativo estrae { $items } domande a caso. Per superare il quiz serve un punteggio di almeno { $mark } %.
quiz-must-pass-about = Alcune domande vanno risposte correttamente per superare il quiz.
quiz-start = Inizia il quiz
quiz-retake = Rifai il quiz con nuove domande
quiz-attempts = Tentativi finora: { $n }
quiz-passed-note = Hai superato questo modulo.
testout-title = Conosci già l'argomento?
testout-about = Fai il test d'ingresso al posto delle lezioni. Se lo superi, le lezioni vengono segnate come saltate e il modulo risulta superato.
testout-start = Fai il test d'ingresso
module-related = Moduli collegati

## Lezione
lesson-position = Lezione { $n } di { $count }
lesson-outcome = Dopo questa lezione saprai:
lesson-previous = Lezione precedente
lesson-next = Lezione successiva
lesson-to-quiz = Vai al quiz
lesson-overview = Panoramica del modulo
lesson-pager = Lezioni di questo modulo

## Quiz
quiz-title = Quiz
testout-page-title = Test d'ingresso
quiz-instructions = Rispondi alle domande e inviale alla fine. Nulla viene registrato prima dell'invio.
quiz-question = Domanda { $n } di { $count }
quiz-must-pass = Va risposta correttamente per superare il quiz.
quiz-choose-one = Scegli una risposta.
quiz-choose-many = Scegli tutte le risposte corrette.
quiz-red-flags = Scegli tutti i segnali d'allarme in questo messaggio.
quiz-message = Il messaggio
quiz-order = Numera i passaggi nell'ordine giusto: 1 per il primo.
quiz-match = Scegli l'abbinamento giusto per ogni voce.
quiz-pick = Scegli…
quiz-submit = Invia le mie risposte
quiz-incomplete = Alcune domande hanno una risposta solo parziale. Dai a ogni passaggio un numero diverso e scegli un abbinamento per ogni voce, oppure lascia la domanda vuota.
quiz-blank = Non hai ancora risposto a nessuna domanda. Rispondi e invia di nuovo il quiz; se lo invii ancora vuoto, conta come un tentativo con 0 %.
quiz-item-incomplete = Questa domanda ha una risposta solo parziale.

## Risultato
result-title = Il tuo risultato
result-score = Hai ottenuto il { $percent } % ({ $correct } risposte corrette su { $total }).
result-passed = Superato. Ottimo lavoro!
result-failed = Non ancora superato. Servono il { $mark } % e tutte le domande segnate come «va risposta correttamente».
result-missed-must = Hai sbagliato una domanda che va risposta correttamente.
result-testout-passed = Test d'ingresso superato: le lezioni di questo modulo sono segnate come saltate.
result-scores = Primo tentativo: { $first } %. Punteggio migliore: { $best } %.
result-correct = Corretta
result-wrong = Non corretta
result-unanswered = Senza risposta
result-answer = La risposta giusta
result-why = Perché
result-source = Fonte
result-retake = Riprova con nuove domande
result-back = Torna al modulo
result-next = Prossimo: { $module }
result-certificates = I tuoi certificati

## Problemi
notfound-title = Non trovato
notfound-module = Questa attività richiede il modulo «{ $id }», che non è nel catalogo.
notfound-path = Questa attività richiede il percorso «{ $id }», che non è nel catalogo.
notfound-lesson = La lezione «{ $id }» non fa parte di questo modulo per il tuo ruolo.
notfound-attempt = Questo tentativo di quiz non esiste oppure non è tuo.
notfound-activity = Attività: { $placement }
notfound-hint = Avvisa il docente del tuo corso: può controllare le impostazioni dell'attività (parametri personalizzati) nel LMS.
notfound-address-module = Non esiste un modulo «{ $id }». L’indirizzo forse è sbagliato o non più valido: apri la tua formazione dal menu qui sopra.
notfound-address-path = Non esiste un percorso «{ $id }». L’indirizzo forse è sbagliato o non più valido: apri la tua formazione dal menu qui sopra.
setup-title = Questa attività non è configurata correttamente
setup-job-role = L'attività imposta job_role a «{ $value }». Deve essere CL, NU, AD, IT, MG o TR.
setup-pass-mark = L'attività imposta pass_mark a «{ $value }». Deve essere una percentuale intera da 1 a 100.
setup-graded = L'attività imposta graded a «{ $value }». Deve essere module, path o none.
stale-title = Questo modulo è cambiato
stale-text = Il modulo è stato aggiornato dopo l'inizio di questo quiz, che quindi non può essere valutato. Inizia un nuovo tentativo.
invalid-title = Queste risposte non possono essere accettate
invalid-text = Le risposte inviate non appartengono a questo tentativo, quindi non è stato valutato nulla. Riapri il quiz dalla pagina del modulo.
