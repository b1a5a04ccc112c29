/* Reading QR codes with the device's back camera (jsQR on the video's frames, five a second), shared
   by the gate scanner and the exhibitors' lead scanner. */
window.PavilionCamera = {
  /* Shows the camera in `video` and calls onCode(text) for every code read; when onCode returns true
     the camera stops. onError() is called when no camera can be opened (none, or permission refused). */
  start(video, onCode, onError) {
    // Browsers give no mediaDevices to a page served over plain http (a LAN address): no camera then.
    if (!navigator.mediaDevices?.getUserMedia) {
      if (onError) onError();
      return;
    }
    const canvas = document.createElement("canvas");
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then((stream) => {
      video.srcObject = stream; video.hidden = false; video.play();
      const tick = () => {
        if (video.readyState === video.HAVE_ENOUGH_DATA) {
          canvas.width = video.videoWidth; canvas.height = video.videoHeight;
          const context = canvas.getContext("2d", { willReadFrequently: true });
          context.drawImage(video, 0, 0);
          const code = jsQR(context.getImageData(0, 0, canvas.width, canvas.height).data, canvas.width, canvas.height);
          if (code && code.data && onCode(code.data)) {
            stream.getTracks().forEach((track) => track.stop());
            return;
          }
        }
        setTimeout(tick, 200);
      };
      tick();
    }).catch(() => { if (onError) onError(); });
  },
};
