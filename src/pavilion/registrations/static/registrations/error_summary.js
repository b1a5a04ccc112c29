// A form sent back with errors starts at its summary (registrations/_fields.html): it says how many things
// to correct and links to each field. Loaded after menu.js, whose focus on the first refused field it follows.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-error-summary]");
  if (summary && !summary.contains(document.activeElement)) summary.focus();
});
// A link of the summary puts the keyboard in its field, not only the page's scroll at it.
document.addEventListener("click", (event) => {
  const link = event.target.closest && event.target.closest("[data-error-summary] a[href^='#']");
  const field = link && document.getElementById(link.getAttribute("href").slice(1));
  if (field) { event.preventDefault(); field.focus(); field.scrollIntoView({block: "center"}); }
});
