// On a phone or a touch screen the plan is drawn larger than its frame and scrolls in it (so a stand is big
// enough to read and tap): bring each plan's highlighted stand (the exhibitor's, the one being edited, the one
// searched for) into the middle of its frame, both ways, on load and after htmx swapped the plan.
(function () {
  function scrollBoxOf(stand) {
    for (var box = stand.parentElement; box; box = box.parentElement) {
      if (box.scrollWidth > box.clientWidth || box.scrollHeight > box.clientHeight) {
        var style = getComputedStyle(box);
        if (/(auto|scroll)/.test(style.overflowX + style.overflowY)) return box;
      }
      if (box.matches(".plan-frame, .plan")) return null;
    }
    return null;
  }

  function centre(stand) {
    var frame = scrollBoxOf(stand);
    if (!frame) return;
    var frameBox = frame.getBoundingClientRect();
    var standBox = stand.getBoundingClientRect();
    frame.scrollLeft += (standBox.left + standBox.width / 2) - (frameBox.left + frameBox.width / 2);
    frame.scrollTop += (standBox.top + standBox.height / 2) - (frameBox.top + frameBox.height / 2);
  }

  function centreHighlights() {
    document.querySelectorAll("svg.floorplan").forEach(function (plan) {
      var stand = plan.querySelector(".stand.highlight");
      if (stand) centre(stand);
    });
  }
  document.addEventListener("DOMContentLoaded", centreHighlights);
  document.addEventListener("htmx:afterSettle", centreHighlights);
})();
