// The page: join form, chat, participants, camera, microphone and the room's video grid and voices,
// over one DuplexConnection. Everything a person or the relay wrote is put in the page as text
// (textContent), never as HTML.

import { CameraSender } from './camera.js';
import { DuplexConnection } from './connection.js';
import { VideoGrid } from './grid.js';
import { ErrorCode, PresenceKind } from './protocol.js';
import { VoicePlayer, VoiceSender, voiceSupported } from './voice.js';

const $ = (id) => document.getElementById(id);
const grid = new VideoGrid($('grid'));
const camera = new CameraSender($('preview'), (sentence) => {
  $('camera-status').textContent = sentence;
  showCameraState();
});
/** Exported for the browser tests, which look at what was decoded and sent. */
export const player = new VoicePlayer();
export const voice = new VoiceSender((sentence) => {
  $('voice-status').textContent = sentence;
  showVoiceState();
});
/** How often the voice levels are redrawn. */
const LEVEL_MILLIS = 150;
/** Rows of our own messages still waiting for the relay, by message id. */
const pendingRows = new Map();
let config = null;
let connection = null;
let replayedShown = 0;

function setStatus(text, kind = '') {
  const status = $('status');
  status.textContent = text;
  status.className = `status ${kind}`;
}

function element(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

function showSecurity() {
  const box = $('security');
  box.replaceChildren();
  if (config.tls) {
    box.className = 'security secure';
    const details = element('details');
    const summary = element('summary');
    summary.append('Encrypted (https). The relay\'s identity: ', element('code', 'fingerprint', config.fingerprint));
    const how = element('p');
    how.append('Your browser warned that the relay\'s certificate is self-signed. Its SHA-256 fingerprint (the icon '
      + 'left of the address, then the certificate) must be ', element('code', 'fingerprint-hex', config.fingerprintHex),
      ', the same as the one the relay\'s operator gave you. If it differs, someone may be intercepting: leave this '
      + 'page.');
    const others = element('p', '', 'To let others in, give them this page\'s address and that fingerprint: their '
      + 'browser warns the same way; they compare, then accept (Chrome, Edge: Advanced, then Proceed; Firefox: '
      + 'Advanced, then Accept the Risk and Continue; Safari: Show Details, then visit this website).');
    details.append(summary, how, others);
    box.append(details);
  } else {
    box.className = 'security plaintext';
    box.append('Not encrypted: this relay runs with --plaintext, so anyone on the network can read and change '
      + 'what you send, and browsers allow the camera only on https (or on the relay\'s own computer as localhost).');
    $('secret-row').hidden = true;
  }
}

function timeOf(micros) {
  return new Date(Number(micros / 1000n)).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

function addRow(row) {
  const list = $('messages');
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  list.append(row);
  if (atBottom) list.scrollTop = list.scrollHeight;
}

function addMessage({ sender, body, timestampMicros, replayed, own, state }) {
  const row = element('li', `message${own ? ' own' : ''}${replayed ? ' replayed' : ''}`);
  row.append(element('time', 'time', timeOf(timestampMicros)), element('span', 'sender', sender),
    element('span', 'body', body));
  if (state !== undefined) row.append(element('span', 'state', state));
  addRow(row);
  return row;
}

function addNotice(text) {
  addRow(element('li', 'notice', text));
}

function showParticipants(participants) {
  const list = $('participants');
  list.replaceChildren(...participants.map((name) => {
    const item = element('li', name === connection.nickname ? 'self' : '', name);
    if (name === connection.nickname) item.append(element('span', 'hint', ' (you)'));
    return item;
  }));
}

function showCameraState() {
  $('camera-toggle').textContent = camera.running ? 'Stop camera' : 'Start camera';
  $('camera-info').textContent = camera.running ? `${camera.sent} sent · ${camera.skipped} skipped` : 'camera off';
}

function showVoiceState() {
  $('mic-toggle').textContent = voice.running ? 'Stop microphone' : 'Start microphone';
  $('mute').disabled = !voice.running;
  $('mute').textContent = voice.muted ? 'Unmute (M)' : 'Mute (M)';
  $('mute').setAttribute('aria-pressed', String(voice.muted));
  let info = 'microphone off';
  if (!voiceSupported()) info = 'no voice in this page: it needs https (or localhost) and a browser with WebCodecs';
  else if (voice.running && voice.muted) info = 'muted: the others do not hear you';
  else if (voice.running) info = `${voice.sent} sent · echo cancelled by the browser (headphones still sound best)`;
  $('voice-info').textContent = info;
}

function toggleMute() {
  if (!voice.running) return;
  voice.muted = !voice.muted;
  showVoiceState();
}

function showRoom(visible) {
  $('join').hidden = visible;
  $('room-view').hidden = !visible;
}

function leave(message = '') {
  camera.stop();
  showCameraState();
  voice.stop();
  voice.muted = false;
  showVoiceState();
  player.clear();
  grid.clear();
  pendingRows.clear();
  showRoom(false);
  $('join-error').textContent = message;
}

function onState({ state, message, code }) {
  if (state === 'joined') {
    setStatus(message, 'ok');
    $('room-title').textContent = `Room ${connection.room}`;
  } else if (state === 'connecting' || state === 'reconnecting') {
    setStatus(message, 'warn');
  } else if (state === 'failed') {
    setStatus(message, 'bad');
    const tryAgain = code === ErrorCode.NICKNAME_TAKEN || code === ErrorCode.INVALID_NAME
      || code === ErrorCode.ACCESS_DENIED;
    leave(tryAgain ? message : `${message} Join again when you are ready.`);
    (code === ErrorCode.ACCESS_DENIED ? $('secret') : $('nickname')).focus();
  } else if (state === 'closed') {
    setStatus(message);
  }
}

function connect(nickname, room, secret) {
  const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
  connection = new DuplexConnection({ url: scheme + location.host + config.websocketPath, nickname, room, secret,
    limits: config, heartbeatMillis: config.heartbeatMillis, audio: voiceSupported() });
  replayedShown = 0;
  $('messages').replaceChildren();
  $('participants').replaceChildren();
  connection.addEventListener('state', (e) => onState(e.detail));
  connection.addEventListener('text', (e) => {
    const text = e.detail;
    addMessage({ ...text, own: text.sender === connection.nickname });
    if (text.replayed) replayedShown += 1;
  });
  connection.addEventListener('history-end', () => {
    if (replayedShown > 0) addRow(element('li', 'divider', 'earlier messages above'));
    replayedShown = 0;
  });
  connection.addEventListener('ack', (e) => settle(e.detail.messageId, '✓ sent', 'sent'));
  connection.addEventListener('refused', (e) => settle(e.detail.messageId, `not sent: ${e.detail.message}`, 'refused'));
  connection.addEventListener('notice', (e) => addNotice(e.detail.message));
  connection.addEventListener('presence', (e) => {
    const { participants, kind, names } = e.detail;
    showParticipants(participants);
    grid.onParticipants(participants);
    player.onParticipants(participants);
    if (kind === PresenceKind.JOINED) names.forEach((n) => addNotice(`${n} joined`));
    if (kind === PresenceKind.LEFT) names.forEach((n) => addNotice(`${n} left`));
  });
  connection.addEventListener('video', (e) => grid.onVideo(e.detail));
  connection.addEventListener('audio', (e) => player.onAudio(e.detail));
  showRoom(true);
  connection.start();
}

function settle(messageId, text, className) {
  const row = pendingRows.get(messageId);
  if (!row) return;
  pendingRows.delete(messageId);
  const state = row.querySelector('.state');
  state.textContent = text;
  state.classList.add(className);
}

$('join').addEventListener('submit', (event) => {
  event.preventDefault();
  const nickname = $('nickname').value.trim().normalize('NFC');
  const room = $('room').value.trim().normalize('NFC');
  if (!nickname || !room) {
    $('join-error').textContent = 'Enter a nickname and a room.';
    return;
  }
  if ([...nickname].length > 32 || [...room].length > 64) {
    $('join-error').textContent = 'A nickname has at most 32 characters, a room name at most 64.';
    return;
  }
  if (!config) {
    $('join-error').textContent = 'The relay\'s settings did not load: reload the page.';
    return;
  }
  $('join-error').textContent = '';
  localStorage.setItem('duplex.nickname', nickname);
  player.resume(); // a click: the browser allows sound from now on
  connect(nickname, room, $('secret').value);
});

$('composer').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = $('message');
  const body = input.value;
  if (!body.trim() || !connection) return;
  try {
    const { id } = connection.sendText(body);
    const row = addMessage({ sender: connection.nickname, body, timestampMicros: BigInt(Date.now()) * 1000n,
      own: true, state: 'sending…' });
    pendingRows.set(id, row);
    input.value = '';
    $('composer-error').textContent = '';
  } catch (e) {
    $('composer-error').textContent = e.message;
  }
});

$('camera-toggle').addEventListener('click', async () => {
  if (camera.running) {
    camera.stop();
    showCameraState();
    return;
  }
  const [width, height] = $('camera-size').value.split('x').map(Number);
  await camera.start(connection, { width, height, fps: Number($('camera-fps').value),
    quality: Number($('camera-quality').value) });
  showCameraState();
});

$('mic-toggle').addEventListener('click', async () => {
  player.resume();
  if (voice.running) {
    voice.stop();
  } else {
    await voice.start(connection);
  }
  showVoiceState();
});

$('mute').addEventListener('click', toggleMute);

// M mutes and unmutes, as in the Java app, unless the person is typing.
document.addEventListener('keydown', (event) => {
  const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement
    || event.target instanceof HTMLSelectElement;
  if (!typing && !event.ctrlKey && !event.metaKey && !event.altKey && event.key.toLowerCase() === 'm') toggleMute();
});

$('volume').addEventListener('input', () => player.setVolume(Number($('volume').value) / 100));

$('leave').addEventListener('click', () => {
  connection.close();
  leave();
});

setInterval(() => {
  if (camera.running) showCameraState();
  if (voice.running) showVoiceState();
}, 1000);

setInterval(() => {
  $('mic-level').value = voice.level;
  grid.showLevels([...player.voices.keys()], (sender) => player.levelOf(sender));
}, LEVEL_MILLIS);

async function start() {
  const params = new URLSearchParams(location.search);
  $('nickname').value = params.get('nick') || localStorage.getItem('duplex.nickname') || '';
  if (params.get('room')) $('room').value = params.get('room');
  try {
    const response = await fetch('config.json', { cache: 'no-store' });
    config = await response.json();
  } catch (e) {
    setStatus('The relay\'s settings could not be loaded: is the relay still running? Reload the page.', 'bad');
    return;
  }
  showSecurity();
  showVoiceState();
  $('mic-toggle').disabled = !voiceSupported();
  setStatus('Choose a nickname and a room, then join.');
  $('join-button').disabled = false;
}

$('join-button').disabled = true;
start();
