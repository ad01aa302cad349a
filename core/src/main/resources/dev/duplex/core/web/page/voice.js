// Voice in the page, the same 20 ms Opus packets (48 kHz mono) as the Java apps (PROTOCOL.md, AUDIO).
// Out: the microphone, with the browser's own echo cancellation, cut into 20 ms frames on the audio
// thread (voice-capture.js), encoded by WebCodecs' AudioEncoder and sent as AUDIO. In: each sender's
// packets through its own AudioDecoder into a playout schedule that starts 60 ms ahead and never runs
// more than 200 ms behind (later frames are dropped to catch up), mixed by the browser at one volume.
// A lost packet is a 20 ms gap: WebCodecs has no call for the decoder's concealment.

import { deviceSentence } from './camera.js';
import { nowMicros } from './protocol.js';

/** The one sound format of a call. */
export const SAMPLE_RATE = 48000;
export const FRAME_SAMPLES = 960;
const FRAME_MICROS = 20_000n;
/** How far ahead of "now" a voice starts playing (a talk spurt's prefill), in seconds. */
export const START_DELAY_SECONDS = 0.06;
/** A voice scheduled further ahead than this drops frames until it is back within it. */
export const MAX_DELAY_SECONDS = 0.2;
/** Frames waiting in an encoder or decoder beyond this are dropped: they would only add delay. */
const MAX_CODEC_QUEUE = 5;
/** Most voices played at once; packets of more senders are not played (counted in `refused`). */
export const MAX_VOICES = 16;
/** Times a voice's decoder is opened again after an error before that voice is given up. */
const MAX_DECODER_RESTARTS = 3;
/** A voice that decoded nothing for this long shows a level of 0 (its sender stopped talking). */
const QUIET_MILLIS = 300;
const OPUS = { codec: 'opus', sampleRate: SAMPLE_RATE, numberOfChannels: 1 };
const ENCODER_CONFIG = { ...OPUS, bitrate: 32000,
  opus: { frameDuration: 20000, useinbandfec: true, packetlossperc: 10, application: 'voip', signal: 'voice' } };

/** True where the page can send and play voice: WebCodecs' Opus and AudioWorklet, in a secure page. */
export function voiceSupported() {
  return window.isSecureContext && typeof AudioEncoder !== 'undefined' && typeof AudioDecoder !== 'undefined'
    && typeof AudioWorkletNode !== 'undefined';
}

/** Loudness of a frame, 0 (silence) to 1 (full scale), as its RMS: the same measure as the Java app's meters. */
export function level(samples) {
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i] * samples[i];
  return Math.min(1, Math.sqrt(sum / samples.length));
}

/** One remote voice: its decoder and where in the audio context's time its next frame plays. */
class RemoteVoice {
  constructor(player, sender) {
    this.player = player;
    this.sender = sender;
    this.nextTime = 0;
    this.expected = null;
    this.decoded = 0;
    this.played = 0;
    this.lost = 0;
    this.dropped = 0;
    this.level = 0;
    this.decodedAt = 0;
    /** The last frame decoded: what the level shows, and what a test checks the frequency of. */
    this.lastFrame = null;
    this.restarts = 0;
    this.openDecoder();
  }

  openDecoder() {
    this.decoder = new AudioDecoder({ output: (data) => this.play(data), error: () => {
      // A packet it could not decode closes a WebCodecs decoder: open another, a few times at most.
      this.restarts += 1;
      if (this.restarts <= MAX_DECODER_RESTARTS) this.openDecoder();
    } });
    this.decoder.configure(OPUS);
  }

  offer(packet) {
    if (this.expected !== null && packet.sequence < this.expected) {
      this.dropped += 1; // older than one already played: its slot is gone
      return;
    }
    if (this.expected !== null && packet.sequence > this.expected) this.lost += Number(packet.sequence - this.expected);
    this.expected = packet.sequence + 1n;
    if (this.decoder.state !== 'configured' || this.decoder.decodeQueueSize > MAX_CODEC_QUEUE) {
      this.dropped += 1;
      return;
    }
    this.decoder.decode(new EncodedAudioChunk({ type: 'key', timestamp: Number(packet.captureTimeMicros),
      data: packet.opus }));
  }

  play(data) {
    const samples = new Float32Array(data.numberOfFrames);
    data.copyTo(samples, { planeIndex: 0, format: 'f32-planar' });
    data.close();
    this.decoded += 1;
    this.decodedAt = performance.now();
    this.level = level(samples);
    this.lastFrame = samples;
    const context = this.player.context;
    if (!context || context.state !== 'running') return; // the browser has not allowed sound yet
    const now = context.currentTime;
    if (this.nextTime < now) {
      this.nextTime = now + START_DELAY_SECONDS; // a new talk spurt, or the packets stopped coming for a while
    } else if (this.nextTime - now > MAX_DELAY_SECONDS) {
      this.dropped += 1; // a burst arrived: skip a frame to stay within the bound
      return;
    }
    const buffer = context.createBuffer(1, samples.length, SAMPLE_RATE);
    buffer.copyToChannel(samples, 0);
    const source = context.createBufferSource();
    source.buffer = buffer;
    source.connect(this.player.gain);
    source.start(this.nextTime);
    this.nextTime += samples.length / SAMPLE_RATE;
    this.played += 1;
  }

  close() {
    if (this.decoder.state !== 'closed') this.decoder.close();
  }
}

/** The others' voices, mixed into the page's one audio output at one volume. */
export class VoicePlayer {
  constructor() {
    this.context = null;
    this.gain = null;
    this.volume = 1;
    this.voices = new Map();
    this.refused = 0;
  }

  /** Starts the audio output; call it from a click or key press (browsers start sound only after one). */
  resume() {
    if (!voiceSupported()) return;
    if (!this.context) {
      this.context = new AudioContext({ sampleRate: SAMPLE_RATE, latencyHint: 'interactive' });
      this.gain = this.context.createGain();
      this.gain.gain.value = this.volume;
      this.gain.connect(this.context.destination);
    }
    this.context.resume().catch(() => {});
  }

  /** 0 (silent) to 2 (twice as loud as received). */
  setVolume(value) {
    this.volume = value;
    if (this.gain) this.gain.gain.value = value;
  }

  /** An AUDIO frame from the relay: { sender, sequence, captureTimeMicros, opus }. */
  onAudio(packet) {
    let voice = this.voices.get(packet.sender);
    if (!voice) {
      if (this.voices.size >= MAX_VOICES) {
        this.refused += 1;
        return;
      }
      voice = new RemoteVoice(this, packet.sender);
      this.voices.set(packet.sender, voice);
    }
    voice.offer(packet);
  }

  /** How loud `sender` was in the last frame decoded, 0-1 (0 for someone not heard). */
  levelOf(sender) {
    const voice = this.voices.get(sender);
    return voice && performance.now() - voice.decodedAt < QUIET_MILLIS ? voice.level : 0;
  }

  /** Forgets the voices of those no longer in the room. */
  onParticipants(participants) {
    const present = new Set(participants);
    for (const [sender, voice] of this.voices) {
      if (!present.has(sender)) {
        voice.close();
        this.voices.delete(sender);
      }
    }
  }

  clear() {
    this.onParticipants([]);
  }
}

/** The page's microphone as AUDIO packets on a DuplexConnection, with mute and a level. */
export class VoiceSender {
  /** @param onStatus called with a sentence (or '') whenever the microphone's state changes */
  constructor(onStatus) {
    this.onStatus = onStatus;
    this.stream = null;
    this.muted = false;
    this.level = 0;
    this.sent = 0;
    this.skipped = 0;
  }

  get running() {
    return this.stream !== null;
  }

  /** Opens the microphone and starts sending on `connection`; resolves to true, or false with a sentence shown. */
  async start(connection) {
    this.stop();
    if (!voiceSupported()) {
      this.onStatus(window.isSecureContext ? 'This browser cannot encode voice (it lacks WebCodecs\' Opus): use a '
        + 'current Chrome, Edge or Firefox.' : 'The microphone needs a secure page: open the relay\'s page with '
        + 'https:// (or as http://localhost on the relay\'s own computer).');
      return false;
    }
    let stream;
    try {
      // The browser's own echo cancellation: the others do not hear themselves come back from the speakers.
      stream = await navigator.mediaDevices.getUserMedia({ video: false, audio: { channelCount: 1,
        echoCancellation: true, noiseSuppression: true, autoGainControl: true } });
    } catch (e) {
      this.onStatus(deviceSentence(e, 'microphone', 'Start microphone', 'You still hear the others.'));
      return false;
    }
    this.stream = stream;
    this.connection = connection;
    try {
      this.context = new AudioContext({ sampleRate: SAMPLE_RATE, latencyHint: 'interactive' });
      await this.context.audioWorklet.addModule('voice-capture.js');
      this.encoder = new AudioEncoder({ output: (chunk) => this.sendChunk(chunk),
        error: (e) => this.fail(`The voice encoder stopped (${e.message}). Press Start microphone again.`) });
      this.encoder.configure(ENCODER_CONFIG);
      const capture = new AudioWorkletNode(this.context, 'duplex-capture', { numberOfOutputs: 0 });
      capture.port.onmessage = (event) => this.onFrame(event.data);
      this.context.createMediaStreamSource(stream).connect(capture);
      await this.context.resume();
    } catch (e) {
      this.fail(`The microphone could not start (${e.message}).`);
      return false;
    }
    for (const track of stream.getAudioTracks()) {
      track.onended = () => this.fail('The microphone stopped (unplugged, or taken by the system). Press Start '
        + 'microphone to try again.');
    }
    connection.voiceOn = true;
    this.onStatus('');
    return true;
  }

  fail(sentence) {
    this.stop();
    this.onStatus(sentence);
  }

  stop() {
    if (this.stream) {
      this.stream.getTracks().forEach((t) => t.stop());
      this.stream = null;
    }
    if (this.context) {
      this.context.close().catch(() => {});
      this.context = null;
    }
    if (this.encoder && this.encoder.state !== 'closed') this.encoder.close();
    this.encoder = null;
    if (this.connection) this.connection.voiceOn = false;
    this.level = 0;
  }

  /** One 20 ms frame from the audio thread: measured always, encoded only while not muted. */
  onFrame(samples) {
    this.level = level(samples);
    if (!this.encoder || this.muted || !this.connection.joined) return;
    if (this.encoder.encodeQueueSize > MAX_CODEC_QUEUE) {
      this.skipped += 1;
      return;
    }
    // The frame's first sample was spoken 20 ms before its last arrived here.
    const captured = nowMicros() - FRAME_MICROS;
    this.encoder.encode(new AudioData({ format: 'f32-planar', sampleRate: SAMPLE_RATE, numberOfFrames: samples.length,
      numberOfChannels: 1, timestamp: Number(captured), data: samples }));
  }

  sendChunk(chunk) {
    const opus = new Uint8Array(chunk.byteLength);
    chunk.copyTo(opus);
    if (this.connection.sendAudio(opus, BigInt(chunk.timestamp))) this.sent += 1;
    else this.skipped += 1;
  }
}
