// The microphone's samples in 20 ms frames (960 at 48 kHz), cut on the audio thread and posted to
// the page, which encodes them (voice.js). An AudioWorklet module: it runs in the audio rendering
// thread, so it only copies samples.

const FRAME_SAMPLES = 960;

class DuplexCapture extends AudioWorkletProcessor {
  constructor() {
    super();
    this.frame = new Float32Array(FRAME_SAMPLES);
    this.filled = 0;
  }

  process(inputs) {
    const channel = inputs[0] && inputs[0][0];
    if (!channel) return true; // no input yet: keep running
    let at = 0;
    while (at < channel.length) {
      const n = Math.min(channel.length - at, FRAME_SAMPLES - this.filled);
      this.frame.set(channel.subarray(at, at + n), this.filled);
      this.filled += n;
      at += n;
      if (this.filled === FRAME_SAMPLES) {
        this.port.postMessage(this.frame, [this.frame.buffer]);
        this.frame = new Float32Array(FRAME_SAMPLES);
        this.filled = 0;
      }
    }
    return true;
  }
}

registerProcessor('duplex-capture', DuplexCapture);
