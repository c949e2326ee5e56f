# Instructor pages: the Deep Linking picker, the return page and the roster; and the timing
# learners see on a placed activity.

dl-title = Add SecureHospitals activities
dl-heading = Add SecureHospitals activities to { $course }
dl-wizard-hint = Not sure what to add?
dl-wizard-link = Plan with the Curriculum Wizard
dl-wizard-hint-after = It suggests modules for each job role and adds them to this course in one go.
dl-refused-title = This course cannot take SecureHospitals activities here
dl-refused-body = Your LMS asked only for: { $accepted }. SecureHospitals adds activities as LTI resource links (ltiResourceLink). Cancel and add the tool from an activity chooser that takes LTI links.
dl-search = Search
dl-role = Job role
dl-all-roles = All roles
dl-language = Language
dl-all-languages = All languages
dl-filter = Filter
dl-choose-many = Choose one or more activities.
dl-choose-one = This course takes one activity at a time.
dl-times-utc = Dates and times are in UTC. Leave them empty for an activity that is always open.
dl-auto-create = Your LMS adds what you choose to the course straight away.
dl-confirm-in-lms = Your LMS shows what you choose for a last check before adding it.
dl-nothing-matches = Nothing matches these filters.
dl-col-choose = Choose
dl-col-activity = Activity
dl-col-minutes = Minutes
dl-col-languages = Languages
dl-col-roles = Roles
dl-col-opens = Opens
dl-col-due = Due
dl-col-graded = Graded
dl-opens-label = { $title }: opens
dl-due-label = { $title }: due
dl-graded-label = { $title }: graded
dl-add = Add to course
dl-cancel = Cancel
kind-module = Module
kind-path = Learning path
kind-wizard = Planning tool
dl-added = { $count ->
    [one] 1 SecureHospitals activity added.
   *[other] { $count } SecureHospitals activities added.
}
dl-cancelled = Nothing was added: the selection was cancelled in SecureHospitals.
dl-error-nothing = Choose at least one activity, or cancel.
dl-error-bad-time = { $value } is not a date and time we can read. Use the date picker, or type it like 2026-12-01T09:00.
dl-error-due-before = { $title } is due before it opens. Set a due date after the opening date.
dl-error-unknown = { $key } is not something SecureHospitals offers.
dl-error-platform = Your course cannot take this selection: { $reason }
ret-title = Returning to your course
ret-button = Return to your course

ro-title = Roster and progress
ro-heading = Roster and progress: { $course }
ro-unavailable = Roster unavailable
ro-reason-code = Reason code
ro-summary = { $total } members, { $learners } learners; { $shown } shown.
ro-csv = Download as CSV
ro-role = Role
ro-all-roles = All roles
ro-status = Status
ro-any-status = Any status
ro-status-active = Active
ro-status-inactive = Inactive
ro-passed-module = Passed module
ro-any = Any
ro-filter = Filter
ro-col-name = Name
ro-col-email = Email
ro-col-roles = Roles
ro-col-status = Status
ro-col-passed = Passed
ro-col-in-progress = In progress
ro-col-best = Best scores
ro-col-first = First scores
ro-col-late = Late
ro-none = none
ro-late-entry = { $module } (due { $due })
ro-fetched = Member list read from the LMS on { $date }.
ro-refresh = Read it again now
ro-stale = The LMS did not send the member list just now ({ $reason }). This is the copy from { $date }.

timing-not-open = This activity opens on { $date }.
timing-opened = Open since { $date }.
timing-due = Due by { $date }.
timing-overdue = The due date was { $date }. You can still finish it; it will be marked late.
timing-late = Submitted after the due date ({ $due }): recorded and marked late.
