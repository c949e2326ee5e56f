# Pages of a launch without third-party cookies: opening, new window, and a failed restore.
launch-page-title = Opening SecureHospitals
launch-opening-title = Opening SecureHospitals…
launch-opening-wait = This takes a moment.
launch-opening-continue = If nothing happens, continue here.
launch-new-window-title = Open SecureHospitals in a new window
launch-new-window-why = Your browser does not let SecureHospitals keep your sign-in inside this page. It works in a window of its own: your progress and scores still go to your course.
launch-new-window-button = Continue in a new window
launch-new-window-opened = SecureHospitals is open in a new window. You can close this page or go back to your course.
launch-restore-failed-title = SecureHospitals could not open here
launch-restore-failed-text = Your course page did not give back the sign-in check this launch needs, so it cannot be tied to your browser. Open the activity again from your course. If this keeps happening, ask your LMS administrator to let the activity open in a new window.
