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
      }
    }
  });

  // Where the form is under the plan (phones, tablets) it would load out of sight: bring it into view.
  var formWanted = false;
  document.addEventListener("htmx:afterSettle", function () {
    if (formWanted) showStandForm();
    formWanted = false;
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
      if (stand) stand.classList.toggle("picked", box.checked);
    });
  }
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches('input[name="stands"]')) syncPicked();
  });
  document.addEventListener("DOMContentLoaded", syncPicked);

  // A 400 from our pages carries the form with its messages: show it (htmx drops error responses by default).
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr.status === 400) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
