/* The leads page's camera: reads a badge's QR code with jsQR and sends the form, as a hand scanner
   typing the code and Enter would. The button shows only where the browser offers a camera. */
(function () {
  const button = document.getElementById("lead-camera");
  const video = document.getElementById("lead-video");
  const input = document.getElementById("id_qr");
  const status = document.getElementById("lead-camera-status");
  if (!button || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || typeof jsQR !== "function") return;
  button.hidden = false;
  button.addEventListener("click", () => {
    const canvas = document.createElement("canvas");
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then((stream) => {
      video.srcObject = stream; video.hidden = false; video.play();
      button.hidden = true;
      const tick = () => {
        if (video.readyState === video.HAVE_ENOUGH_DATA) {
          canvas.width = video.videoWidth; canvas.height = video.videoHeight;
          const context = canvas.getContext("2d", { willReadFrequently: true });
          context.drawImage(video, 0, 0);
          const code = jsQR(context.getImageData(0, 0, canvas.width, canvas.height).data, canvas.width, canvas.height);
          if (code && code.data) {
            stream.getTracks().forEach((track) => track.stop());
            input.value = code.data;
            input.form.requestSubmit();
            return;
          }
        }
        setTimeout(tick, 200);
      };
      tick();
    }).catch(() => { status.textContent = button.dataset.noCamera || ""; });
  });
})();
