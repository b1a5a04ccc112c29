// One role menu open at a time; a click elsewhere or Escape closes it.
document.addEventListener("click", (event) => {
  document.querySelectorAll("details.role-menu[open]").forEach((menu) => {
    if (!menu.contains(event.target)) menu.removeAttribute("open");
  });
});
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  document.querySelectorAll("details.role-menu[open]").forEach((menu) => {
    // The keyboard goes back to the menu's button, not to the top of the page.
    const focusWasInside = menu.contains(document.activeElement);
    menu.removeAttribute("open");
    if (focusWasInside) menu.querySelector("summary").focus();
  });
});
// Tabbing out of an open menu closes it: it would otherwise stay open over the page, covering what has the focus.
document.addEventListener("focusout", (event) => {
  const menu = event.target.closest && event.target.closest("details.role-menu[open]");
  if (menu && event.relatedTarget && !menu.contains(event.relatedTarget)) menu.removeAttribute("open");
});

// A form sent back with errors: the keyboard (and a screen reader, which then reads the field's label and its
// message) starts at the first field to correct, or at the form's own message when no field is named.
function focusFirstError(root) {
  const field = root.querySelector("form [aria-invalid='true']");
  if (field) { field.focus(); return; }
  const message = root.querySelector("form .errorlist");
  if (message) { message.setAttribute("tabindex", "-1"); message.focus(); }
}
document.addEventListener("DOMContentLoaded", () => focusFirstError(document));

// What htmx swapped in is announced through the page's polite live region (#announcer, in base.html): a
// search's count of results, marked data-announce. A live region inserted with the new content is not read.
document.addEventListener("htmx:afterSettle", (event) => {
  const target = event.target;  // the new content (for an outerHTML swap, detail.target is the element it replaced)
  if (!target || !target.querySelector) return;
  const announced = target.matches("[data-announce]") ? target : target.querySelector("[data-announce]");
  const announcer = document.getElementById("announcer");
  if (announced && announcer) {
    announcer.textContent = "";
    window.setTimeout(() => { announcer.textContent = announced.textContent.replace(/\s+/g, " ").trim(); }, 50);
  }
  if (target.querySelector("form [aria-invalid='true'], form .errorlist")) focusFirstError(target);
});
