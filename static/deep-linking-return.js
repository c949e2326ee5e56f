// Posts the signed deep linking response back to the LMS as soon as the page has loaded.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("deep-linking-return");
  if (form) { form.submit(); }
});
