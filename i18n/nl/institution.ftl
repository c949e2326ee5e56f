# The institution view for LMS administrators: every course of their platform at once.

in-title = Overzicht van de instelling
in-intro = { $learners } deelnemers in { $courses } cursussen op dit platform. Stand van { $date }.
in-csv = Downloaden als CSV (spreadsheet)
in-back = Terug naar de startpagina
in-by-role = Afronding en certificaten per functie
in-no-learners = Op dit platform is nog niemand met een SecureHospitals-training begonnen.
in-col-role = Functie
in-col-learners = Deelnemers
in-col-completed = Leerpad afgerond
in-col-completion = Afronding
in-col-modules = Modules gehaald
in-col-certified = Geldig certificaat
in-col-expiring = Verloopt binnenkort
in-col-expired = Verlopen
in-col-revoked = Ingetrokken
in-total = Alle functies
in-role-none = Nog niet gekozen
in-overdue = Deelnemers met achterstand
in-no-overdue = Geen enkele deelnemer is over een deadline uit een cursus heen.
in-col-learner = Naam
in-col-user = LMS-gebruikers-id
in-col-course = Cursus
in-col-item = Activiteit
in-col-due = Deadline
in-col-status = Voortgang
in-overdue-detail = { $days ->
    [0] minder dan een dag te laat
    [one] 1 dag te laat
   *[other] { $days } dagen te laat
}, { $done } van { $of } modules gehaald
in-expiring = Certificaten die binnen { $days } dagen verlopen
in-no-expiring = In deze periode verloopt geen enkel certificaat.
in-col-path = Leerpad
in-col-valid-until = Geldig tot
in-col-left = Resterend
in-days-left = { $days ->
    [one] 1 dag
   *[other] { $days } dagen
}
in-privacy = Hier staan alleen deelnemers van uw eigen platform. Een deelnemer staat als te laat vermeld zodra hij een activiteit met deadline heeft geopend en die niet op tijd heeft afgerond.
in-showing-first = De eerste { $shown } van { $total } worden getoond. Het CSV-bestand bevat ze allemaal.
in-refused-title = Alleen voor de LMS-beheerders van uw organisatie
in-refused-body = Het overzicht toont alle cursussen van uw leerplatform en opent daarom alleen voor mensen die uw LMS als beheerder van de instelling of de site aanwijst. Als docent van een cursus vindt u de voortgang van uw deelnemers in de deelnemerslijst van de cursus.
