// On a phone the plan is drawn wider than the screen and scrolls in its frame (so a stand is big enough to
// tap): bring the highlighted stand into the middle of the frame, on load and after a search swapped the plan.
(function () {
  function centreHighlight() {
    var stand = document.querySelector(".plan-frame .stand.highlight");
    if (!stand) return;
    var frame = stand.closest(".plan-frame");
    if (frame.scrollWidth <= frame.clientWidth) return;
    var frameBox = frame.getBoundingClientRect();
    var standBox = stand.getBoundingClientRect();
    frame.scrollLeft += (standBox.left + standBox.width / 2) - (frameBox.left + frameBox.width / 2);
  }
  document.addEventListener("DOMContentLoaded", centreHighlight);
  document.addEventListener("htmx:afterSettle", centreHighlight);
})();
