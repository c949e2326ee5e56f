// Tells the LMS that dynamic registration is finished, so it closes the registration frame
// (1EdTech LTI Dynamic Registration, "org.imsglobal.lti.close").
document.addEventListener("DOMContentLoaded", function () {
  (window.opener || window.parent).postMessage({ subject: "org.imsglobal.lti.close" }, "*");
});
