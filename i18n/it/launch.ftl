# Pagine di un avvio senza cookie di terze parti: apertura, nuova finestra, ripristino non riuscito.
launch-page-title = Apertura di SecureHospitals
launch-opening-title = Apertura di SecureHospitals…
launch-opening-wait = Serve un momento.
launch-opening-continue = Se non succede nulla, continua qui.
launch-new-window-title = Apri SecureHospitals in una nuova finestra
launch-new-window-why = Il browser non permette a SecureHospitals di mantenere l’accesso all’interno di questa pagina. In una finestra a sé funziona: progressi e punteggi arrivano comunque al corso.
launch-new-window-button = Continua in una nuova finestra
launch-new-window-opened = SecureHospitals è aperto in una nuova finestra. Puoi chiudere questa pagina o tornare al corso.
launch-restore-failed-title = Non è stato possibile aprire SecureHospitals qui
launch-restore-failed-text = La pagina del corso non ha restituito il controllo di accesso necessario a questo avvio, quindi non è possibile collegarlo al tuo browser. Riapri l’attività dal corso. Se succede di nuovo, chiedi all’amministrazione dell’LMS di far aprire l’attività in una nuova finestra.
