// The browser's camera as duplex video: getUserMedia -> <video> preview -> canvas -> JPEG at the
// chosen size, rate and quality -> one VIDEO frame. A frame is taken only when the last one is
// encoded and the WebSocket's buffer is nearly empty (DuplexConnection.canSendVideo), so a slow link
// costs frames, never delay: the same latest-frame-wins rule as the Java apps.

import { nowMicros } from './protocol.js';

/**
 * What a failed getUserMedia means for the person, by the DOMException's name: for the `device`
 * ('camera', 'microphone') started by the button named `button`; `goesOn` says what still works.
 */
export function deviceSentence(error, device, button, goesOn) {
  switch (error && error.name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return `The browser refused the ${device}. Allow it for this page (the ${device} icon in the address bar, `
        + `or the site settings), then press ${button} again. ${goesOn}`;
    case 'NotFoundError':
    case 'OverconstrainedError':
      return `No ${device} was found. Connect one, then press ${button} again.`;
    case 'NotReadableError':
    case 'AbortError':
      return `The ${device} is in use by another program or cannot be opened. Close that program, then press `
        + `${button} again.`;
    default:
      return `The ${device} could not start (${error && error.name ? error.name + ': ' : ''}${error && error.message
        ? error.message : error}).`;
  }
}

export class CameraSender {
  /**
   * @param preview  a <video> element that shows what is sent
   * @param onStatus called with a sentence (or '') whenever the camera's state changes
   */
  constructor(preview, onStatus) {
    this.preview = preview;
    this.onStatus = onStatus;
    this.canvas = document.createElement('canvas');
    this.stream = null;
    this.sent = 0;
    this.skipped = 0;
  }

  get running() {
    return this.stream !== null;
  }

  /** Opens the camera and starts sending on `connection`; resolves to true, or false with a sentence shown. */
  async start(connection, { width, height, fps, quality }) {
    this.stop();
    if (!window.isSecureContext || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      this.onStatus('The camera needs a secure page: open the relay\'s page with https:// (or as '
        + 'http://localhost on the relay\'s own computer). You can still chat and watch the others.');
      return false;
    }
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: false,
        video: { width: { ideal: width }, height: { ideal: height }, frameRate: { ideal: fps } } });
    } catch (e) {
      this.onStatus(deviceSentence(e, 'camera', 'Start camera', 'You can still chat and watch the others.'));
      return false;
    }
    this.stream = stream;
    this.connection = connection;
    this.settings = { width, height, fps, quality };
    this.preview.srcObject = stream;
    await this.preview.play().catch(() => {});
    for (const track of stream.getVideoTracks()) {
      track.onended = () => {
        this.stop();
        this.onStatus('The camera stopped (unplugged, or taken by the system). Press Start camera to try again.');
      };
    }
    this.onStatus('');
    this.schedule();
    return true;
  }

  stop() {
    clearTimeout(this.timer);
    if (this.stream) {
      this.stream.getTracks().forEach((t) => t.stop());
      this.stream = null;
      this.preview.srcObject = null;
    }
    this.encoding = false;
  }

  schedule() {
    this.timer = setTimeout(() => this.tick(), 1000 / this.settings.fps);
  }

  tick() {
    if (!this.stream) return;
    this.schedule();
    if (this.encoding || !this.connection.canSendVideo() || this.preview.readyState < 2) {
      this.skipped += 1; // the last frame is still on its way: this one is not taken at all
      return;
    }
    const { width, height, quality } = this.settings;
    this.canvas.width = width;
    this.canvas.height = height;
    this.canvas.getContext('2d').drawImage(this.preview, 0, 0, width, height);
    const captured = nowMicros();
    this.encoding = true;
    this.canvas.toBlob((blob) => {
      if (!blob || !this.stream) {
        this.encoding = false;
        return;
      }
      blob.arrayBuffer().then((buffer) => {
        this.encoding = false;
        if (this.stream && this.connection.sendVideo(new Uint8Array(buffer), width, height, captured)) this.sent += 1;
        else this.skipped += 1;
      });
    }, 'image/jpeg', quality);
  }
}
