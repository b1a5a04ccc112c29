// Floor plan interactions without a framework: the organiser clicks a stand to edit it (htmx loads the
// form), the exhibitor clicks an available stand to tick it in the list beside the plan.
(function () {
  function standOf(event) {
    return event.target.closest ? event.target.closest(".floorplan [data-stand]") : null;
  }

  document.addEventListener("click", function (event) {
    var stand = standOf(event);
    if (!stand) return;
    var editFrame = stand.closest("[data-edit-url]");
    if (editFrame && window.htmx) {
      var url = editFrame.getAttribute("data-edit-url").replace(/\/0\/$/, "/" + stand.dataset.stand + "/");
      formWanted = true;
      window.htmx.ajax("GET", url, { target: "#workspace", swap: "outerHTML" });
      return;
    }
    if (stand.closest("[data-pick-stands]") && stand.dataset.state === "available") {
      var box = document.querySelector('input[name="stands"][data-stand="' + stand.dataset.stand + '"]');
      if (box) {
        box.checked = !box.checked;
        stand.classList.toggle("picked", box.checked);
        if (stand.getAttribute("role") === "button") stand.setAttribute("aria-pressed", box.checked ? "true" : "false");
      }
    }
  });

  // Where the form is under the plan (phones, tablets) it would load out of sight: bring it into view.
  var formWanted = false, formFromKeyboard = false;
  document.addEventListener("htmx:afterSettle", function () {
    if (formWanted) showStandForm();
    // The plan was drawn anew under the keyboard: it goes on in the stand's form (a tap does not, so that no
    // on-screen keyboard opens).
    var field = formWanted && formFromKeyboard && document.querySelector("#stand-form input:not([type=hidden]), #stand-form select");
    if (field) field.focus();
    formWanted = false;
    formFromKeyboard = false;
  });
  function showStandForm() {
    var form = document.getElementById("stand-form");
    var plan = document.querySelector("#workspace .plan-frame");
    if (form && plan && form.getBoundingClientRect().top >= plan.getBoundingClientRect().bottom) {
      form.scrollIntoView({ block: "start" });
    }
  }

  // Keep the plan's picked marks in step with the check boxes (after a failed submit, or ticks in the list).
  function syncPicked() {
    document.querySelectorAll('input[name="stands"][data-stand]').forEach(function (box) {
      var stand = document.querySelector('[data-pick-stands] [data-stand="' + box.dataset.stand + '"]');
      if (stand) {
        stand.classList.toggle("picked", box.checked);
        if (stand.getAttribute("role") === "button") stand.setAttribute("aria-pressed", box.checked ? "true" : "false");
      }
    });
  }
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches('input[name="stands"]')) syncPicked();
  });
  document.addEventListener("DOMContentLoaded", syncPicked);

  // The keyboard reaches the stands a click acts on (an available stand to tick, any stand to edit): each is a
  // focusable button named by its title (code, area, state, show, holder), Enter or Space act as a click, and
  // a stand to tick says whether it is ticked. Stands with an exhibitor's page are links already.
  function makeStandsReachable() {
    document.querySelectorAll("[data-pick-stands] .floorplan .stand.state-available, [data-edit-url] .floorplan .stand")
      .forEach(function (stand) {
        if (stand.closest("a")) return;
        var title = stand.querySelector("title");
        stand.setAttribute("tabindex", "0");
        stand.setAttribute("role", "button");
        if (title) stand.setAttribute("aria-label", title.textContent);
      });
    syncPicked();
  }
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" && event.key !== " ") return;
    var stand = event.target.matches && event.target.matches('.floorplan .stand[role="button"]') ? event.target : null;
    if (!stand) return;
    event.preventDefault();  // Space would scroll the page
    formFromKeyboard = true;
    stand.dispatchEvent(new MouseEvent("click", { bubbles: true, cancelable: true }));
  });
  document.addEventListener("DOMContentLoaded", makeStandsReachable);
  document.addEventListener("htmx:afterSettle", makeStandsReachable);

  // A 400 from our pages carries the form with its messages: show it (htmx drops error responses by default).
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr.status === 400) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
