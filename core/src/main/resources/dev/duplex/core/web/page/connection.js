// One person's membership of a room, over a WebSocket to the relay's web port: HELLO, PONG for
// every PING, presence, text with an outbox (resent with the same ids after a reconnect, until the
// relay's ACK), resume from the last room sequence seen, video and voice out and in, and reconnects
// with backoff. Events (EventTarget): state, welcome, presence, text, ack, refused, history-end, video,
// audio, notice. Nothing here touches the page.

import {
  AUDIO_FIXED_BYTES, Capability, ErrorCode, FINAL_ERRORS, NOTICES, PresenceKind, ProtocolError, TEXT_FIXED_BYTES,
  Type, VIDEO_FIXED_BYTES, decodeFrame, encodeAudio, encodeBye, encodeHello, encodePong, encodeText, encodeVideo,
  nowMicros, utf8Length,
} from './protocol.js';

/** Most texts waiting for the relay's ACK; more are refused with a sentence until some are confirmed. */
export const MAX_OUTBOX = 256;
/** Video is sent only while the WebSocket holds less than this, so the browser never builds a backlog. */
export const MAX_BUFFERED_BYTES = 256 * 1024;
/**
 * While the microphone is on, video goes out only below this, so that a voice packet waits behind at
 * most about one camera image in the WebSocket's buffer (the relay then sends voice ahead of video).
 */
export const MAX_BUFFERED_BYTES_WITH_VOICE = 48 * 1024;
/** Reconnect delays: the first, and the longest (doubling in between, with some jitter). */
const FIRST_RETRY_MILLIS = 500;
const LONGEST_RETRY_MILLIS = 10_000;
/** Silent heartbeat intervals after which the relay is taken for gone (as the relay does, PROTOCOL.md). */
const MAX_MISSED_HEARTBEATS = 3;
/** Texts without a room sequence remembered to drop their second coming (as the Java client: 4096). */
const RECENT_UNSEQUENCED = 4096;

function randomMessageId() {
  const words = crypto.getRandomValues(new Uint32Array(2));
  // Below 2^62, like the Java client: room to count up for the life of the session.
  return ((BigInt(words[0]) << 32n) | BigInt(words[1])) & ((1n << 62n) - 1n);
}

function sessionToken() {
  return Array.from(crypto.getRandomValues(new Uint8Array(24)), (b) => b.toString(16).padStart(2, '0')).join('');
}

export class DuplexConnection extends EventTarget {
  /**
   * @param url      the WebSocket's address (wss://host:port/duplex)
   * @param limits   the relay's payload limits, { maxTextPayload, maxVideoPayload, maxAudioPayload }
   * @param secret   the room's secret, sent only over wss (or undefined)
   * @param audio    whether to ask the relay for voice (the page can decode it)
   */
  constructor({ url, nickname, room, secret, limits, heartbeatMillis, audio = false }) {
    super();
    this.url = url;
    this.nickname = nickname;
    this.room = room;
    this.secret = secret;
    this.limits = limits;
    this.heartbeatMillis = heartbeatMillis;
    this.token = sessionToken();
    this.nextId = randomMessageId();
    this.outbox = new Map(); // messageId -> { id, body, timestampMicros }, in sending order
    this.lastSequence = 0n;
    this.historyEpoch = null;
    // Texts shown without a room sequence (a cluster's relay cut off from Redis forwards them before it
    // can store them), by sender and id: the same text later comes again with its sequence.
    this.unsequenced = new Map();
    this.videoSequence = 0n;
    this.audio = audio;
    this.audioSequence = 0n;
    this.voiceOn = false;
    this.attempt = 0;
    this.state = 'idle';
    this.socket = null;
    this.stopped = false;
    this.toldVideoTooLarge = false;
    this.participants = new Set();
  }

  start() {
    this.stopped = false;
    this.open();
  }

  /** Says BYE and closes; no reconnect. */
  close(reason = '') {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.silenceTimer);
    if (this.socket && this.socket.readyState === WebSocket.OPEN) {
      this.socket.send(encodeBye(reason));
      this.socket.close(1000);
    }
    this.setState('closed', 'You left the room.');
  }

  get joined() {
    return this.state === 'joined';
  }

  open() {
    this.setState(this.attempt === 0 ? 'connecting' : 'reconnecting', this.attempt === 0
      ? 'Connecting…' : 'Reconnecting…');
    const socket = new WebSocket(this.url);
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    this.lastError = null;
    this.historyEnded = false;
    this.opened = false;
    socket.onopen = () => {
      this.opened = true;
      this.sendHello();
    };
    socket.onmessage = (event) => this.onMessage(event.data);
    socket.onclose = (event) => this.onClose(socket, event);
  }

  sendHello() {
    const attributes = new Map([['session', this.token]]);
    if (this.historyEpoch !== null) attributes.set('resume', this.lastSequence.toString());
    // A room's secret only ever travels encrypted (PROTOCOL.md, HELLO attributes).
    if (this.secret && this.url.startsWith('wss:')) attributes.set('secret', this.secret);
    const capabilities = Capability.TEXT | Capability.VIDEO | Capability.HISTORY_END
      | (this.audio ? Capability.AUDIO : 0);
    this.send(encodeHello({ capabilities,
      nickname: this.nickname, room: this.room, attributes }));
    this.lastHeard = Date.now();
  }

  send(bytes) {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) this.socket.send(bytes);
  }

  onMessage(data) {
    this.lastHeard = Date.now();
    let frame;
    try {
      frame = decodeFrame(data);
    } catch (e) {
      if (!(e instanceof ProtocolError)) throw e;
      this.lastError = { code: ErrorCode.MALFORMED_FRAME, message: `The relay sent something unreadable (${e.message}).` };
      this.socket.close(1002);
      return;
    }
    switch (frame.type) {
      case Type.PING: this.send(encodePong(frame.sendTimeMicros, nowMicros())); break;
      case Type.WELCOME: this.onWelcome(frame); break;
      case Type.PRESENCE: this.onPresence(frame); break;
      case Type.TEXT: this.onText(frame); break;
      case Type.ACK: this.onAck(frame.messageId, frame.roomSequence); break;
      case Type.HISTORY_END:
        this.historyEnded = true;
        this.sawSequence(frame.roomSequence);
        this.emit('history-end', {});
        break;
      case Type.VIDEO: this.emit('video', frame); break;
      case Type.AUDIO: if (this.audio) this.emit('audio', frame); break;
      case Type.ERROR: this.onError(frame); break;
      case Type.BYE: this.lastError = { code: 0, message: frame.reason || 'The relay closed the connection.' }; break;
      default: break; // PONG, VIDEO_RECEIPT: nothing to do in relay mode
    }
  }

  onWelcome(welcome) {
    if (welcome.version !== 1) {
      this.lastError = { code: ErrorCode.VERSION_MISMATCH, message: 'The relay speaks another protocol version.' };
      this.socket.close(1000);
      return;
    }
    if (this.historyEpoch !== welcome.historyEpoch) {
      // A new history: its room sequences have nothing to do with the ones seen before.
      this.lastSequence = 0n;
      this.historyEpoch = welcome.historyEpoch;
      this.unsequenced.clear();
    }
    this.nickname = welcome.nickname;
    this.room = welcome.room;
    // A relay that does not mark the end of its replay: nothing can be told apart as history.
    if (!(welcome.capabilities & Capability.HISTORY_END)) this.historyEnded = true;
    this.heartbeatMillis = welcome.heartbeatMillis;
    this.attempt = 0;
    this.watchSilence();
    this.setState('joined', `Connected as ${welcome.nickname} in room ${welcome.room}.`);
    this.emit('welcome', { nickname: welcome.nickname, room: welcome.room });
    for (const pending of this.outbox.values()) this.send(this.textFrame(pending));
  }

  onPresence(presence) {
    if (presence.kind === PresenceKind.SNAPSHOT) this.participants = new Set(presence.nicknames);
    else if (presence.kind === PresenceKind.JOINED) presence.nicknames.forEach((n) => this.participants.add(n));
    else if (presence.kind === PresenceKind.LEFT) presence.nicknames.forEach((n) => this.participants.delete(n));
    this.emit('presence', { participants: [...this.participants], kind: presence.kind, names: presence.nicknames });
  }

  onText(text) {
    const id = `${text.sender}\u0000${text.messageId}`;
    if (text.roomSequence > 0n) {
      if (text.roomSequence <= this.lastSequence) return; // a replay overlapping what was shown
      this.lastSequence = text.roomSequence;
      if (this.unsequenced.delete(id)) return; // shown already, before it was stored
    } else {
      if (this.unsequenced.has(id)) return;
      this.unsequenced.set(id, true);
      if (this.unsequenced.size > RECENT_UNSEQUENCED) this.unsequenced.delete(this.unsequenced.keys().next().value);
    }
    if (text.sender === this.nickname && this.outbox.has(text.messageId)) {
      // Our own message replayed before its ACK arrived: it was stored, which is what an ACK says.
      this.onAck(text.messageId, text.roomSequence);
      return;
    }
    this.emit('text', { ...text, replayed: !this.historyEnded });
  }

  onAck(messageId, roomSequence) {
    this.sawSequence(roomSequence);
    if (this.outbox.delete(messageId)) this.emit('ack', { messageId, roomSequence });
  }

  sawSequence(sequence) {
    if (sequence > this.lastSequence) this.lastSequence = sequence;
  }

  onError(error) {
    if (error.code === ErrorCode.TOO_LARGE_TO_RELAY && error.messageId !== null) {
      if (this.outbox.delete(error.messageId)) this.emit('refused', { messageId: error.messageId, message: error.message });
      return;
    }
    if (NOTICES.has(error.code)) {
      if (error.code === ErrorCode.TOO_LARGE_TO_RELAY) {
        if (this.toldVideoTooLarge) return;
        this.toldVideoTooLarge = true;
      }
      this.emit('notice', { code: error.code, message: error.message });
      return;
    }
    this.lastError = error; // the relay closes next
  }

  onClose(socket, event) {
    if (socket !== this.socket) return;
    clearInterval(this.silenceTimer);
    if (this.stopped) return;
    // Nobody is known to be there until the relay says so again.
    this.participants = new Set();
    this.emit('presence', { participants: [], kind: 0, names: [] });
    const error = this.lastError;
    if (error && FINAL_ERRORS.has(error.code)) {
      this.stopped = true;
      this.setState('failed', error.message, error.code);
      return;
    }
    this.attempt += 1;
    const delay = Math.min(LONGEST_RETRY_MILLIS, FIRST_RETRY_MILLIS * 2 ** (this.attempt - 1)) * (0.8 + 0.4 * Math.random());
    let why;
    if (error) why = error.message;
    else if (!this.opened) why = 'Cannot reach the relay: is it running?';
    else if (event.code === 1006) why = 'The connection to the relay was lost.';
    else why = `The connection closed (${event.code}${event.reason ? ': ' + event.reason : ''}).`;
    this.setState('reconnecting', `${why} Reconnecting in ${Math.max(1, Math.round(delay / 1000))} s…`);
    this.retryTimer = setTimeout(() => this.open(), delay);
  }

  /** Closes a connection on which nothing arrived for several heartbeats (the relay sends PING each one). */
  watchSilence() {
    clearInterval(this.silenceTimer);
    this.silenceTimer = setInterval(() => {
      if (Date.now() - this.lastHeard > MAX_MISSED_HEARTBEATS * this.heartbeatMillis && this.socket) {
        this.lastError = { code: ErrorCode.HEARTBEAT_TIMEOUT, message: 'Nothing came from the relay for a while.' };
        this.socket.close(1000);
      }
    }, this.heartbeatMillis);
  }

  /**
   * Queues a text and sends it when connected; returns { id } or throws an Error whose message is a
   * sentence (too long, too many waiting). The 'ack' event says it was stored by the relay.
   */
  sendText(body) {
    const size = TEXT_FIXED_BYTES + utf8Length(this.nickname) + utf8Length(this.room) + utf8Length(body);
    if (size > this.limits.maxTextPayload) {
      throw new Error(`This message is too long: it may have at most ${this.limits.maxTextPayload - size
        + utf8Length(body)} bytes of text here; shorten it.`);
    }
    if (this.outbox.size >= MAX_OUTBOX) {
      throw new Error(`${MAX_OUTBOX} messages are still waiting for the relay; wait until they are sent.`);
    }
    const pending = { id: this.nextId++, body, timestampMicros: nowMicros() };
    this.outbox.set(pending.id, pending);
    if (this.joined) this.send(this.textFrame(pending));
    return { id: pending.id };
  }

  textFrame(pending) {
    return encodeText({ messageId: pending.id, timestampMicros: pending.timestampMicros, sender: this.nickname,
      room: this.room, body: pending.body });
  }

  /** True while a video frame may go out now: joined, and the WebSocket's own buffer nearly empty. */
  canSendVideo() {
    return this.joined && this.socket.bufferedAmount < (this.voiceOn ? MAX_BUFFERED_BYTES_WITH_VOICE : MAX_BUFFERED_BYTES);
  }

  /**
   * Sends one Opus packet of 20 ms if joined and the WebSocket's buffer is not full; returns whether it
   * went out (a packet that cannot go now is dropped: voice is never sent late).
   */
  sendAudio(opus, captureTimeMicros) {
    if (!this.joined || this.socket.bufferedAmount >= MAX_BUFFERED_BYTES) return false;
    if (AUDIO_FIXED_BYTES + utf8Length(this.nickname) + opus.length > this.limits.maxAudioPayload) return false;
    this.audioSequence += 1n;
    this.send(encodeAudio({ sequence: this.audioSequence, captureTimeMicros, sender: this.nickname, opus }));
    return true;
  }

  /** Sends one JPEG if {@link canSendVideo}; returns whether it went out. */
  sendVideo(jpeg, width, height, captureTimeMicros) {
    if (!this.canSendVideo()) return false;
    if (VIDEO_FIXED_BYTES + utf8Length(this.nickname) + jpeg.length > this.limits.maxVideoPayload) {
      if (!this.toldVideoTooLarge) {
        this.toldVideoTooLarge = true;
        this.emit('notice', { code: ErrorCode.TOO_LARGE_TO_RELAY,
          message: 'A camera image is larger than the relay takes: choose a smaller size or quality.' });
      }
      return false;
    }
    this.videoSequence += 1n;
    this.send(encodeVideo({ sequence: this.videoSequence, captureTimeMicros, width, height,
      sender: this.nickname, jpeg }));
    return true;
  }

  setState(state, message, code = 0) {
    this.state = state;
    this.emit('state', { state, message, code });
  }

  emit(name, detail) {
    this.dispatchEvent(new CustomEvent(name, { detail }));
  }
}
