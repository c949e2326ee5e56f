# The institution view for LMS administrators: every course of their platform at once.

in-title = Panoramica dell'istituzione
in-intro = { $learners } partecipanti in { $courses } corsi su questa piattaforma. Dati aggiornati al { $date }.
in-csv = Scarica in CSV (foglio di calcolo)
in-back = Torna alla pagina iniziale
in-by-role = Completamento e certificati per ruolo professionale
in-no-learners = Nessuno su questa piattaforma ha ancora iniziato una formazione SecureHospitals.
in-col-role = Ruolo professionale
in-col-learners = Partecipanti
in-col-completed = Percorso completato
in-col-completion = Completamento
in-col-modules = Moduli superati
in-col-certified = Certificato valido
in-col-expiring = In scadenza
in-col-expired = Scaduto
in-col-revoked = Revocato
in-total = Tutti i ruoli
in-role-none = Non ancora scelto
in-overdue = Partecipanti in ritardo
in-no-overdue = Nessun partecipante ha superato una scadenza fissata in un corso.
in-col-learner = Nome
in-col-user = ID utente LMS
in-col-course = Corso
in-col-item = Attività
in-col-due = Scadenza
in-col-status = Avanzamento
in-overdue-detail = { $days ->
    [0] meno di un giorno di ritardo
    [one] 1 giorno di ritardo
   *[other] { $days } giorni di ritardo
}, { $done } moduli superati su { $of }
in-expiring = Certificati in scadenza entro { $days } giorni
in-no-expiring = Nessun certificato scade in questo periodo.
in-col-path = Percorso
in-col-valid-until = Valido fino al
in-col-left = Tempo rimasto
in-days-left = { $days ->
    [one] 1 giorno
   *[other] { $days } giorni
}
in-privacy = Qui compaiono solo i partecipanti della vostra piattaforma. Un partecipante risulta in ritardo quando ha aperto un'attività con scadenza senza completarla in tempo.
in-showing-first = Sono mostrati i primi { $shown } su { $total }. Il file CSV li contiene tutti.
in-refused-title = Solo per gli amministratori LMS della tua organizzazione
in-refused-body = La panoramica mostra tutti i corsi della piattaforma di apprendimento, quindi si apre solo per chi il tuo LMS indica come amministratore dell'istituzione o del sito. Come docente di un corso, trovi l'avanzamento dei tuoi partecipanti nell'elenco dei partecipanti del corso.
