// Small behaviours shared by every staff page (loaded from base.html; no inline handlers under the CSP).
document.addEventListener("change", function (event) {
  var field = event.target;
  if (field.matches && field.matches("[data-autosubmit]") && field.form) { field.form.requestSubmit ? field.form.requestSubmit() : field.form.submit(); }
});
