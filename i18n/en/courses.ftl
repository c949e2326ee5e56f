# The course player's interface (English, the source language).

## Frame of every page
skip-link = Skip to content
end-session = End session
signed-in-as = Signed in as { $name }
who-learner = learner
who-instructor = instructor
nav-label = Training
nav-dashboard = My training
nav-role = Job role: { $role }
nav-choose-role = Choose your job role
language-label = Language
language-apply = Change
minutes = { $n } min

## Job roles
role-title = What is your job?
role-intro = Your training adapts to the work you do. Choose the role that fits you best; you can change it later.
role-legend = My job role
role-save = Save and continue
role-required = Please choose one of the roles.
role-fixed = Your course has set this activity up for one job role ({ $role }), so it cannot be changed here.
role-cl = Doctor
role-cl-desc = Physicians and other medical staff who diagnose, prescribe and treat.
role-nu = Nursing and allied health
role-nu-desc = Nurses, midwives, therapists and other staff caring for patients on the wards and in clinics.
role-ad = Administration
role-ad-desc = Reception, patient records, billing, finance, purchasing and human resources.
role-it = IT and clinical engineering
role-it-desc = People who run the hospital's computers, networks, systems and medical devices.
role-mg = Management and board
role-mg-desc = Heads of department, directors and board members who make decisions and answer for risks.
role-tr = Trainer
role-tr-desc = Trainers, information governance staff and awareness leads who teach others.

## Dashboard and paths
dash-title = My training
dash-path = Your learning path
dash-no-path = There is no learning path for your role yet. Choose any module below.
dash-all-modules = All modules
dash-other-modules = Other modules
path-progress = { $done } of { $total } modules passed
path-complete = You have completed this learning path.
col-module = Module
col-status = Status
col-first = First attempt
col-best = Best score
status-not_started = Not started
status-in_progress = In progress
status-passed = Passed
score-none = –
module-continue = Continue

## Module overview
module-lessons = Lessons
module-resume = Resume where you stopped: { $title }
module-begin = Begin with the first lesson
lesson-seen = Read
lesson-skipped = Skipped (tested out)
lesson-new = Not read yet
fallback-note = This module is not yet available in your language, so it is shown in English.
module-quiz = Quiz
quiz-about = Each attempt draws { $items } questions at random. You pass with { $mark }% or more.
quiz-must-pass-about = Some questions must be answered correctly to pass.
quiz-start = Start the quiz
quiz-retake = Take the quiz again with new questions
quiz-attempts = Attempts so far: { $n }
quiz-passed-note = You have passed this module.
testout-title = Already know this?
testout-about = Take the test-out instead of the lessons. If you pass, the lessons are marked as skipped and the module counts as passed.
testout-start = Take the test-out
module-related = Related modules

## Lesson
lesson-position = Lesson { $n } of { $count }
lesson-outcome = After this lesson you can:
lesson-previous = Previous lesson
lesson-next = Next lesson
lesson-to-quiz = On to the quiz
lesson-overview = Module overview
lesson-pager = Lessons of this module

## Quiz
quiz-title = Quiz
testout-page-title = Test-out
quiz-instructions = Answer the questions and submit them at the end. Nothing is recorded until you submit.
quiz-question = Question { $n } of { $count }
quiz-must-pass = Must be answered correctly to pass.
quiz-choose-one = Choose one answer.
quiz-choose-many = Choose every answer that applies.
quiz-red-flags = Choose every warning sign in this message.
quiz-message = The message
quiz-order = Number the steps in the right order: 1 for the first step.
quiz-match = Choose the right match for each item.
quiz-pick = Choose…
quiz-submit = Submit my answers
quiz-incomplete = Some questions are only partly answered. Give every step its own number and choose a match for every item, or leave the question blank.
quiz-blank = You have not answered any question yet. Answer them and send the quiz again; if you send it empty once more, it counts as an attempt with 0 %.
quiz-item-incomplete = This question is only partly answered.

## Result
result-title = Your result
result-score = You scored { $percent }% ({ $correct } of { $total } correct).
result-passed = Passed. Well done!
result-failed = Not passed yet. You need { $mark }% and every question marked "must be answered correctly".
result-missed-must = You missed a question that must be answered correctly.
result-testout-passed = You tested out: the lessons of this module are marked as skipped.
result-scores = First attempt: { $first }%. Best score: { $best }%.
result-correct = Correct
result-wrong = Not correct
result-unanswered = Not answered
result-answer = The right answer
result-why = Why
result-source = Source
result-retake = Try again with new questions
result-back = Back to the module
result-next = Next: { $module }
result-certificates = Your certificates

## Problems
notfound-title = Not found
notfound-module = This activity asks for the module "{ $id }", which is not in the catalogue.
notfound-path = This activity asks for the learning path "{ $id }", which is not in the catalogue.
notfound-lesson = The lesson "{ $id }" is not part of this module for your role.
notfound-attempt = This quiz attempt does not exist, or it is not yours.
notfound-activity = Activity: { $placement }
notfound-hint = Please tell your course's teacher. They can check the activity's settings (custom parameters) in the LMS.
notfound-address-module = There is no module "{ $id }". The address may be mistyped or out of date: open your training from the menu above.
notfound-address-path = There is no learning path "{ $id }". The address may be mistyped or out of date: open your training from the menu above.
setup-title = This activity is not set up correctly
setup-job-role = The activity sets job_role to "{ $value }". It must be one of CL, NU, AD, IT, MG or TR.
setup-pass-mark = The activity sets pass_mark to "{ $value }". It must be a whole percentage from 1 to 100.
setup-graded = The activity sets graded to "{ $value }". It must be module, path or none.
stale-title = This module has changed
stale-text = The module was updated after you started this quiz, so the quiz cannot be scored. Please start a new attempt.
invalid-title = These answers cannot be accepted
invalid-text = The answers sent do not belong to this quiz attempt, so nothing was scored. Open the quiz again from the module page.
