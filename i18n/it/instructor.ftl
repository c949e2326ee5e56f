# Pagine per i docenti: selettore Deep Linking, pagina di ritorno ed elenco partecipanti; e le date
# che chi studia vede su un'attività inserita.

dl-title = Aggiungi attività SecureHospitals
dl-heading = Aggiungi attività SecureHospitals a { $course }
dl-wizard-hint = Non sai cosa aggiungere?
dl-wizard-link = Pianifica con l'assistente del programma
dl-wizard-hint-after = Propone moduli per ogni profilo professionale e li aggiunge a questo corso in un solo passaggio.
dl-refused-title = Questo corso non può ricevere attività SecureHospitals qui
dl-refused-body = Il tuo LMS chiede solo: { $accepted }. SecureHospitals aggiunge le attività come link di risorsa LTI (ltiResourceLink). Annulla e aggiungi lo strumento da un selettore di attività che accetta link LTI.
dl-search = Cerca
dl-role = Profilo professionale
dl-all-roles = Tutti i profili
dl-language = Lingua
dl-all-languages = Tutte le lingue
dl-filter = Filtra
dl-choose-many = Scegli una o più attività.
dl-choose-one = Questo corso accetta un'attività alla volta.
dl-times-utc = Date e orari sono in UTC. Lascia vuoto per un'attività sempre aperta.
dl-auto-create = Il tuo LMS aggiunge subito al corso ciò che scegli.
dl-confirm-in-lms = Il tuo LMS mostra ciò che scegli per un ultimo controllo prima di aggiungerlo.
dl-nothing-matches = Nessun risultato con questi filtri.
dl-col-choose = Scegli
dl-col-activity = Attività
dl-col-minutes = Minuti
dl-col-languages = Lingue
dl-col-roles = Profili
dl-col-opens = Apertura
dl-col-due = Scadenza
dl-col-graded = Valutata
dl-opens-label = { $title }: apertura
dl-due-label = { $title }: scadenza
dl-graded-label = { $title }: valutata
dl-add = Aggiungi al corso
dl-cancel = Annulla
kind-module = Modulo
kind-path = Percorso
kind-wizard = Strumento di pianificazione
dl-added = { $count ->
    [one] 1 attività SecureHospitals aggiunta.
   *[other] { $count } attività SecureHospitals aggiunte.
}
dl-cancelled = Non è stato aggiunto nulla: la selezione è stata annullata in SecureHospitals.
dl-error-nothing = Scegli almeno un'attività, oppure annulla.
dl-error-bad-time = { $value } non è una data e ora leggibile. Usa il selettore di data o scrivila come 2026-12-01T09:00.
dl-error-due-before = { $title } scade prima di aprirsi. Imposta una scadenza successiva all'apertura.
dl-error-unknown = { $key } non fa parte dell'offerta SecureHospitals.
dl-error-platform = Il tuo corso non può ricevere questa selezione: { $reason }
ret-title = Ritorno al corso
ret-button = Torna al corso

ro-title = Partecipanti e avanzamento
ro-heading = Partecipanti e avanzamento: { $course }
ro-unavailable = Elenco partecipanti non disponibile
ro-reason-code = Codice motivo
ro-summary = { $total } membri, { $learners } studenti; { $shown } mostrati.
ro-csv = Scarica in CSV
ro-role = Ruolo
ro-all-roles = Tutti i ruoli
ro-status = Stato
ro-any-status = Qualsiasi stato
ro-status-active = Attivo
ro-status-inactive = Inattivo
ro-passed-module = Modulo superato
ro-any = Qualsiasi
ro-filter = Filtra
ro-col-name = Nome
ro-col-email = E-mail
ro-col-roles = Ruoli
ro-col-status = Stato
ro-col-passed = Superati
ro-col-in-progress = In corso
ro-col-best = Punteggi migliori
ro-col-first = Primi punteggi
ro-col-late = In ritardo
ro-none = nessuno
ro-late-entry = { $module } (scadenza { $due })
ro-fetched = Elenco dei membri letto dall'LMS il { $date }.
ro-refresh = Rileggilo ora
ro-stale = L'LMS non ha inviato l'elenco dei membri in questo momento ({ $reason }). Questa è la copia del { $date }.

timing-not-open = Questa attività apre il { $date }.
timing-opened = Aperta dal { $date }.
timing-due = Da completare entro il { $date }.
timing-overdue = La scadenza era il { $date }. Puoi ancora completarla; sarà segnata in ritardo.
timing-late = Consegnato dopo la scadenza ({ $due }): registrato e segnato in ritardo.
