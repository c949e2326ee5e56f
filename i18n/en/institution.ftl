# The institution view for LMS administrators: every course of their platform at once.

in-title = Institution overview
in-intro = { $learners } learners in { $courses } courses on this platform. Figures as of { $date }.
in-csv = Download as CSV (spreadsheet)
in-back = Back to the start page
in-by-role = Completion and certificates by job role
in-no-learners = No one on this platform has started SecureHospitals training yet.
in-col-role = Job role
in-col-learners = Learners
in-col-completed = Finished a learning path
in-col-completion = Completion
in-col-modules = Modules passed
in-col-certified = Valid certificate
in-col-expiring = Expiring soon
in-col-expired = Expired
in-col-revoked = Revoked
in-total = All job roles
in-role-none = Not chosen yet
in-overdue = Overdue learners
in-no-overdue = No learner is past a due date set in a course.
in-col-learner = Name
in-col-user = LMS user id
in-col-course = Course
in-col-item = Activity
in-col-due = Was due
in-col-status = Progress
in-overdue-detail = { $days ->
    [0] less than a day overdue
    [one] 1 day overdue
   *[other] { $days } days overdue
}, { $done } of { $of } modules passed
in-expiring = Certificates expiring within { $days } days
in-no-expiring = No certificate runs out in this period.
in-col-path = Learning path
in-col-valid-until = Valid until
in-col-left = Time left
in-days-left = { $days ->
    [one] 1 day
   *[other] { $days } days
}
in-privacy = Only learners of your own platform appear here. Learners show as overdue once they have opened an activity with a due date.
in-showing-first = Showing the first { $shown } of { $total }. The CSV file has them all.
in-refused-title = Only for your organisation's LMS administrators
in-refused-body = The institution overview shows every course of your learning platform, so it opens only for people your LMS names as institution or site administrators. As a course instructor, you find your learners' progress on the course roster.
