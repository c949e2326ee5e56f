# Pagina's voor docenten: de Deep Linking-kiezer, de terugkeerpagina en de deelnemerslijst; en de
# data die leerlingen bij een geplaatste activiteit zien.

dl-title = SecureHospitals-activiteiten toevoegen
dl-heading = SecureHospitals-activiteiten toevoegen aan { $course }
dl-wizard-hint = Twijfelt u wat past?
dl-wizard-link = Plannen met de curriculumwizard
dl-wizard-hint-after = Die stelt modules per functiegroep voor en zet ze in één keer in deze cursus.
dl-refused-title = Deze cursus kan hier geen SecureHospitals-activiteiten opnemen
dl-refused-body = Uw LMS vraagt alleen om: { $accepted }. SecureHospitals voegt activiteiten toe als LTI-bronlinks (ltiResourceLink). Annuleer en voeg de tool toe via een activiteitenkiezer die LTI-links aanneemt.
dl-search = Zoeken
dl-role = Functiegroep
dl-all-roles = Alle functiegroepen
dl-language = Taal
dl-all-languages = Alle talen
dl-filter = Filteren
dl-choose-many = Kies een of meer activiteiten.
dl-choose-one = Deze cursus neemt één activiteit tegelijk.
dl-times-utc = Datums en tijden zijn in UTC. Laat ze leeg voor een activiteit die altijd open is.
dl-auto-create = Uw LMS zet uw keuze meteen in de cursus.
dl-confirm-in-lms = Uw LMS toont uw keuze nog één keer ter controle voordat die wordt toegevoegd.
dl-nothing-matches = Niets past bij deze filters.
dl-col-choose = Kiezen
dl-col-activity = Activiteit
dl-col-minutes = Minuten
dl-col-languages = Talen
dl-col-roles = Functiegroepen
dl-col-opens = Opent
dl-col-due = Deadline
dl-col-graded = Beoordeeld
dl-opens-label = { $title }: opent
dl-due-label = { $title }: deadline
dl-graded-label = { $title }: beoordeeld
dl-add = Aan cursus toevoegen
dl-cancel = Annuleren
kind-module = Module
kind-path = Leerpad
kind-wizard = Planningstool
dl-added = { $count ->
    [one] 1 SecureHospitals-activiteit toegevoegd.
   *[other] { $count } SecureHospitals-activiteiten toegevoegd.
}
dl-cancelled = Er is niets toegevoegd: de keuze is in SecureHospitals geannuleerd.
dl-error-nothing = Kies minstens één activiteit, of annuleer.
dl-error-bad-time = { $value } is geen leesbare datum en tijd. Gebruik de datumkiezer of typ het als 2026-12-01T09:00.
dl-error-due-before = { $title } heeft een deadline vóór de opening. Kies een deadline na de openingsdatum.
dl-error-unknown = { $key } hoort niet bij het aanbod van SecureHospitals.
dl-error-platform = Uw cursus kan deze keuze niet opnemen: { $reason }
ret-title = Terug naar uw cursus
ret-button = Terug naar de cursus

ro-title = Deelnemers en voortgang
ro-heading = Deelnemers en voortgang: { $course }
ro-unavailable = Deelnemerslijst niet beschikbaar
ro-reason-code = Redencode
ro-summary = { $total } leden, { $learners } leerlingen; { $shown } getoond.
ro-csv = Downloaden als CSV
ro-role = Rol
ro-all-roles = Alle rollen
ro-status = Status
ro-any-status = Elke status
ro-status-active = Actief
ro-status-inactive = Inactief
ro-passed-module = Gehaald module
ro-any = Elke
ro-filter = Filteren
ro-col-name = Naam
ro-col-email = E-mail
ro-col-roles = Rollen
ro-col-status = Status
ro-col-passed = Gehaald
ro-col-in-progress = Bezig
ro-col-best = Beste scores
ro-col-first = Eerste scores
ro-col-late = Te laat
ro-none = geen
ro-late-entry = { $module } (deadline { $due })
ro-fetched = Ledenlijst uit het LMS gelezen op { $date }.
ro-refresh = Nu opnieuw lezen
ro-stale = Het LMS stuurde de ledenlijst zojuist niet ({ $reason }). Dit is de kopie van { $date }.

timing-not-open = Deze activiteit opent op { $date }.
timing-opened = Open sinds { $date }.
timing-due = Deadline: { $date }.
timing-overdue = De deadline was { $date }. U kunt de activiteit nog afmaken; die wordt als te laat gemarkeerd.
timing-late = Ingeleverd na de deadline ({ $due }): vastgelegd en als te laat gemarkeerd.
