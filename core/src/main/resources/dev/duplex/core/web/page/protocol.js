// The duplex frames (PROTOCOL.md), written and read in the browser. Each WebSocket binary message
// carries exactly one frame: the 6-byte header and its payload. Integers are big-endian; u64 values
// (ids, sequences, timestamps) are BigInts. Pure functions: no sockets, no page.

export const MAGIC = 0xd5;
export const HEADER_LENGTH = 6;
export const PROTOCOL_VERSION = 1;

export const Type = Object.freeze({
  HELLO: 0x01, WELCOME: 0x02, BYE: 0x03, PING: 0x04, PONG: 0x05, ERROR: 0x06, PRESENCE: 0x07,
  ACK: 0x08, VIDEO_RECEIPT: 0x09, HISTORY_END: 0x0a, TEXT: 0x10, VIDEO: 0x20, AUDIO: 0x30,
});

export const Capability = Object.freeze({ TEXT: 1, VIDEO: 2, VIDEO_RECEIPTS: 4, HISTORY_END: 8, AUDIO: 16 });

export const PresenceKind = Object.freeze({ JOINED: 1, LEFT: 2, SNAPSHOT: 3 });

export const ErrorCode = Object.freeze({
  NOT_DUPLEX: 1, VERSION_MISMATCH: 2, UNKNOWN_FRAME_TYPE: 3, FRAME_TOO_LARGE: 4, MALFORMED_FRAME: 5,
  INVALID_UTF8: 6, UNEXPECTED_FRAME: 7, NICKNAME_TAKEN: 8, INVALID_NAME: 9, SLOW_CONSUMER: 10,
  HEARTBEAT_TIMEOUT: 11, CAPACITY_EXCEEDED: 12, RATE_LIMITED: 13, ACCESS_DENIED: 14, HANDSHAKE_TIMEOUT: 15,
  HISTORY_TRUNCATED: 16, TOO_LARGE_TO_RELAY: 17, CLUSTER_DEGRADED: 18, CLUSTER_RESTORED: 19, INTERNAL: 99,
});

/** Errors after which a client must not reconnect by itself. */
export const FINAL_ERRORS = new Set([ErrorCode.VERSION_MISMATCH, ErrorCode.NICKNAME_TAKEN,
  ErrorCode.INVALID_NAME, ErrorCode.ACCESS_DENIED]);
/** Errors that are notices: the connection stays open. */
export const NOTICES = new Set([ErrorCode.HISTORY_TRUNCATED, ErrorCode.TOO_LARGE_TO_RELAY,
  ErrorCode.CLUSTER_DEGRADED, ErrorCode.CLUSTER_RESTORED]);

/** What a forwarded TEXT costs beyond its body: the fixed fields (see "What a sender must leave"). */
export const TEXT_FIXED_BYTES = 26;
/** What a forwarded VIDEO costs beyond its sender's name and the JPEG. */
export const VIDEO_FIXED_BYTES = 21;
/** What a forwarded AUDIO costs beyond its sender's name and the Opus packet. */
export const AUDIO_FIXED_BYTES = 17;

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true });

/** A frame the relay sent that this page cannot read. */
export class ProtocolError extends Error {}

export function utf8Length(text) {
  return encoder.encode(text).length;
}

/** The wall clock in microseconds since 1970, as PING, PONG, TEXT, VIDEO and AUDIO carry it. */
export function nowMicros() {
  return BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000));
}

class Writer {
  constructor() {
    this.parts = [];
    this.length = 0;
  }

  put(bytes) {
    this.parts.push(bytes);
    this.length += bytes.length;
    return this;
  }

  number(size, value) {
    const bytes = new Uint8Array(size);
    const view = new DataView(bytes.buffer);
    if (size === 1) view.setUint8(0, value);
    else if (size === 2) view.setUint16(0, value);
    else if (size === 4) view.setUint32(0, value);
    else view.setBigUint64(0, BigInt(value));
    return this.put(bytes);
  }

  u8(v) { return this.number(1, v); }
  u16(v) { return this.number(2, v); }
  u32(v) { return this.number(4, v); }
  u64(v) { return this.number(8, v); }

  str8(text) {
    const bytes = encoder.encode(text);
    if (bytes.length > 255) throw new RangeError(`"${text.slice(0, 20)}…" is longer than 255 bytes`);
    return this.u8(bytes.length).put(bytes);
  }

  str16(text) {
    const bytes = encoder.encode(text);
    if (bytes.length > 65535) throw new RangeError('a text field is longer than 65535 bytes');
    return this.u16(bytes.length).put(bytes);
  }

  /** The whole frame: header, then the payload written so far. */
  frame(type) {
    const out = new Uint8Array(HEADER_LENGTH + this.length);
    const view = new DataView(out.buffer);
    view.setUint8(0, MAGIC);
    view.setUint8(1, type);
    view.setUint32(2, this.length);
    let at = HEADER_LENGTH;
    for (const part of this.parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }
}

class Reader {
  constructor(bytes) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.at = 0;
  }

  need(n) {
    if (this.at + n > this.bytes.length) throw new ProtocolError('a frame is shorter than its fields');
  }

  u8() { this.need(1); return this.view.getUint8(this.at++); }
  u16() { this.need(2); const v = this.view.getUint16(this.at); this.at += 2; return v; }
  u32() { this.need(4); const v = this.view.getUint32(this.at); this.at += 4; return v; }
  u64() { this.need(8); const v = this.view.getBigUint64(this.at); this.at += 8; return v; }
  remaining() { return this.bytes.length - this.at; }

  take(n) {
    this.need(n);
    const part = this.bytes.subarray(this.at, this.at + n);
    this.at += n;
    return part;
  }

  text(bytes) {
    try {
      return strictDecoder.decode(bytes);
    } catch (e) {
      throw new ProtocolError('a frame carries text that is not UTF-8');
    }
  }

  str8() { return this.text(this.take(this.u8())); }
  str16() { return this.text(this.take(this.u16())); }
  rest() { return this.take(this.remaining()); }
}

/**
 * HELLO: version, capabilities, nickname, room and attributes (a Map of key to value: session,
 * resume, secret).
 */
export function encodeHello({ capabilities, nickname, room, attributes = new Map() }) {
  const w = new Writer().u16(PROTOCOL_VERSION).u32(capabilities).str8(nickname).str8(room).u8(attributes.size);
  for (const [key, value] of attributes) w.str8(key).str16(value);
  return w.frame(Type.HELLO);
}

/** TEXT as a sender writes it: room sequence 0; the relay fills in sender and room itself. */
export function encodeText({ messageId, timestampMicros, sender, room, body }) {
  return new Writer().u64(messageId).u64(0n).u64(timestampMicros).str8(sender).str8(room)
    .put(encoder.encode(body)).frame(Type.TEXT);
}

/** VIDEO: one JPEG (a Uint8Array) with its frame number and capture time. */
export function encodeVideo({ sequence, captureTimeMicros, width, height, sender, jpeg }) {
  return new Writer().u64(sequence).u64(captureTimeMicros).u16(width).u16(height).str8(sender)
    .put(jpeg).frame(Type.VIDEO);
}

/** AUDIO: one Opus packet (a Uint8Array) of 20 ms with its packet number and capture time. */
export function encodeAudio({ sequence, captureTimeMicros, sender, opus }) {
  return new Writer().u64(sequence).u64(captureTimeMicros).str8(sender).put(opus).frame(Type.AUDIO);
}

export function encodePing(sendTimeMicros) {
  return new Writer().u64(sendTimeMicros).frame(Type.PING);
}

export function encodePong(echoedSendTimeMicros, responderTimeMicros) {
  return new Writer().u64(echoedSendTimeMicros).u64(responderTimeMicros).frame(Type.PONG);
}

export function encodeBye(reason = '') {
  return new Writer().str16(reason).frame(Type.BYE);
}

/**
 * Reads one frame (an ArrayBuffer or Uint8Array holding exactly one) into a plain object with a
 * `type` and the type's fields. A VIDEO's `jpeg` and an AUDIO's `opus` are views into the same bytes, not a copy.
 * Throws ProtocolError for anything that is not one well-formed frame.
 */
export function decodeFrame(data) {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  if (bytes.length < HEADER_LENGTH) throw new ProtocolError('a message shorter than a frame header');
  const head = new DataView(bytes.buffer, bytes.byteOffset, HEADER_LENGTH);
  if (head.getUint8(0) !== MAGIC) throw new ProtocolError('not a duplex frame');
  const type = head.getUint8(1);
  if (head.getUint32(2) !== bytes.length - HEADER_LENGTH) {
    throw new ProtocolError('a message that is not exactly one frame');
  }
  const r = new Reader(bytes.subarray(HEADER_LENGTH));
  switch (type) {
    case Type.HELLO: {
      const frame = { type, version: r.u16(), capabilities: r.u32(), nickname: r.str8(), room: r.str8() };
      const attributes = new Map();
      for (let n = r.u8(); n > 0; n--) attributes.set(r.str8(), r.str16());
      return { ...frame, attributes };
    }
    case Type.WELCOME: {
      const frame = { type, version: r.u16(), capabilities: r.u32(), nickname: r.str8(), room: r.str8(),
        heartbeatMillis: r.u32(), serverTimeMicros: r.u64() };
      frame.historyEpoch = r.remaining() >= 8 ? r.u64() : 0n;
      return frame;
    }
    case Type.BYE: return { type, reason: r.str16() };
    case Type.PING: return { type, sendTimeMicros: r.u64() };
    case Type.PONG: return { type, echoedSendTimeMicros: r.u64(), responderTimeMicros: r.u64() };
    case Type.ERROR: {
      const frame = { type, code: r.u16(), message: r.str16() };
      frame.messageId = r.remaining() >= 8 ? r.u64() : null;
      return frame;
    }
    case Type.PRESENCE: {
      const frame = { type, kind: r.u8(), room: r.str8(), nicknames: [] };
      for (let n = r.u16(); n > 0; n--) frame.nicknames.push(r.str8());
      return frame;
    }
    case Type.ACK: return { type, messageId: r.u64(), roomSequence: r.u64() };
    case Type.VIDEO_RECEIPT: return { type, sequence: r.u64(), sender: r.str8() };
    case Type.HISTORY_END: return { type, roomSequence: r.u64() };
    case Type.TEXT: return { type, messageId: r.u64(), roomSequence: r.u64(), timestampMicros: r.u64(),
      sender: r.str8(), room: r.str8(), body: r.text(r.rest()) };
    case Type.VIDEO: return { type, sequence: r.u64(), captureTimeMicros: r.u64(), width: r.u16(),
      height: r.u16(), sender: r.str8(), jpeg: r.rest() };
    case Type.AUDIO: return { type, sequence: r.u64(), captureTimeMicros: r.u64(), sender: r.str8(), opus: r.rest() };
    default: throw new ProtocolError(`unknown frame type 0x${type.toString(16)}`);
  }
}
