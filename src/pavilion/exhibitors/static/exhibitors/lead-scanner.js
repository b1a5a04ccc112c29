/* The leads page's camera: reads a badge's QR code and sends the form, as a hand scanner typing the
   code and Enter would. The button shows only where the browser offers a camera. */
(function () {
  const button = document.getElementById("lead-camera");
  const input = document.getElementById("id_qr");
  if (!button || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || !window.PavilionCamera) return;
  button.hidden = false;
  button.addEventListener("click", () => {
    button.hidden = true;
    PavilionCamera.start(document.getElementById("lead-video"), (text) => {
      input.value = text;
      input.form.requestSubmit();
      return true;
    }, () => {
      button.hidden = false;
      document.getElementById("lead-camera-status").textContent = button.dataset.noCamera || "";
    });
  });
})();
