// The page: the join form, one RoomConnection per room, the room shown, and drawing after every change.

import { SEND_TYPING } from './features.js';
import { describeError } from './lib/errors.js';
import { checkText, validNick, validRoom } from './lib/limits.js';
import { tokenIdentity } from './lib/token.js';
import { TypingSignal } from './lib/typingSignal.js';
import { RoomConnection, socketUrl } from './net/roomConnection.js';
import { prunePending, renderLog } from './ui/logView.js';
import { renderMembers, renderRoomList } from './ui/sidebar.js';

const $ = (id) => document.getElementById(id);
const ui = {
  joinForm: $('join'), nick: $('nick'), room: $('room'), token: $('token'), tokenBox: $('token-box'),
  joinError: $('join-error'), roomList: $('room-list'), title: $('room-title'), log: $('log'),
  typing: $('typing'), composer: $('composer'), message: $('message'), identity: $('identity'),
  status: $('status'), members: $('member-list'), membersTitle: $('members-title'), membersBox: $('members-box'),
};

const cidPrefix = Math.random().toString(36).slice(2, 10);
const rooms = new Map(); // name -> RoomConnection, in the order joined
let active = null; // the name of the room shown
const typingSignal = new TypingSignal();
/** While true the log follows new lines; false once the user scrolls up to read. */
let atBottom = true;

const params = new URLSearchParams(location.search);
if (params.get('token')) {
  ui.token.value = params.get('token');
  params.delete('token'); // out of the address bar and the browser's history: it is a credential
  history.replaceState(null, '', `${location.pathname}${params.size ? `?${params}` : ''}`);
}
ui.nick.value = params.get('nick') ?? localStorage.getItem('mychat.nick') ?? '';
if (params.get('room')) ui.room.value = params.get('room');
if (window.matchMedia('(min-width: 900px)').matches) ui.membersBox.open = true;
showIdentity();
(ui.nick.value ? ui.room : ui.nick).focus();

const listener = {
  changed: () => scheduleRender(),
  isWatched: (connection) => connection.room === active && document.visibilityState === 'visible' && atBottom,
};

ui.token.addEventListener('input', showIdentity);

ui.joinForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const token = ui.token.value.trim();
  const identity = token ? tokenIdentity(token) : null;
  const nick = identity ? identity.nick : ui.nick.value.trim();
  const room = ui.room.value.trim();
  ui.joinError.textContent = '';
  if (!validNick(nick)) return refuse(describeError({ code: 'invalid_nick' }), ui.nick);
  if (!validRoom(room)) return refuse(describeError({ code: 'invalid_room' }), ui.room);
  localStorage.setItem('mychat.nick', ui.nick.value.trim() || nick);
  const existing = rooms.get(room);
  if (existing && existing.state !== 'stopped' && existing.nick === nick) {
    show(room);
  } else {
    existing?.leave();
    const connection = new RoomConnection({
      room, nick, url: socketUrl(location, token), cidPrefix, listener,
    });
    rooms.set(room, connection);
    connection.start();
    show(room);
  }
  ui.message.disabled = false;
  ui.message.focus();
});

function refuse(text, field) {
  ui.joinError.textContent = text;
  field.focus();
}

ui.composer.addEventListener('submit', (event) => {
  event.preventDefault();
  const connection = rooms.get(active);
  const text = ui.message.value;
  if (!connection || connection.state === 'stopped') return;
  const problem = checkText(text);
  if (problem === 'empty_message') return;
  if (problem) {
    connection.timeline.addLocal('error', describeError({ code: problem }), Date.now());
    scheduleRender();
    return;
  }
  ui.message.value = '';
  typingSignal.reset();
  atBottom = true;
  connection.send(text);
});

ui.message.addEventListener('input', () => {
  const connection = rooms.get(active);
  if (SEND_TYPING && connection && ui.message.value && typingSignal.keyPressed(Date.now())) {
    connection.sendTyping();
  }
});

ui.log.addEventListener('scroll', () => {
  const log = ui.log;
  const wasAtBottom = atBottom;
  atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 24;
  if (log.scrollTop < 60) rooms.get(active)?.loadOlder();
  if (atBottom && !wasAtBottom) scheduleRender();
});

document.addEventListener('visibilitychange', scheduleRender);
window.addEventListener('online', () => { for (const c of rooms.values()) c.reconnectNow(); });

// Keyboard: Alt+Up / Alt+Down switch rooms; Escape goes back to the message box.
document.addEventListener('keydown', (event) => {
  if (event.altKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
    const names = [...rooms.keys()];
    if (names.length === 0) return;
    const step = event.key === 'ArrowUp' ? -1 : 1;
    const index = (names.indexOf(active) + step + names.length) % names.length;
    show(names[index]);
    event.preventDefault();
  } else if (event.key === 'Escape' && !ui.message.disabled) {
    ui.message.focus();
  }
});

function show(name) {
  if (active !== name) {
    active = name;
    atBottom = true;
    ui.log.replaceChildren();
  }
  scheduleRender();
}

function leave(name) {
  rooms.get(name)?.leave();
  rooms.delete(name);
  if (active === name) show(rooms.size ? [...rooms.keys()][0] : null);
  scheduleRender();
}

function showIdentity() {
  const token = ui.token.value.trim();
  const identity = token ? tokenIdentity(token) : null;
  ui.nick.disabled = Boolean(identity);
  if (identity) {
    ui.nick.value = identity.nick;
    ui.tokenBox.open = true;
    ui.identity.textContent = `Signed in as ${identity.nick}`;
  } else {
    ui.identity.textContent = token ? 'This token cannot be read; the server will judge it.' : '';
  }
}

let renderTimer = null;
/** Redraws what changes by itself: the typing line's expiry, the reconnect countdown. */
let laterTimer = null;

function scheduleRender() {
  if (renderTimer === null) renderTimer = setTimeout(render, 0);
}

function render() {
  renderTimer = null;
  const now = Date.now();
  const connection = rooms.get(active);
  if (connection && listener.isWatched(connection)) connection.timeline.markRead();

  renderRoomList(ui.roomList, [...rooms.values()].map((c) => ({
    name: c.room, unread: c.timeline.unread, mentions: c.timeline.mentions, state: c.state, active: c.room === active,
  })), { show, leave });

  const unread = [...rooms.values()].reduce((sum, c) => sum + c.timeline.unread, 0);
  document.title = unread > 0 ? `(${unread}) my-chat` : 'my-chat';

  if (!connection) {
    ui.title.textContent = 'Welcome';
    ui.message.disabled = true;
    ui.composer.querySelector('button').disabled = true;
    ui.status.textContent = '';
    renderMembers(ui.members, ui.membersTitle, [], null);
    ui.typing.textContent = '';
    return;
  }
  ui.title.textContent = connection.room;
  const usable = connection.state !== 'stopped';
  ui.message.disabled = !usable;
  ui.composer.querySelector('button').disabled = !usable;
  ui.status.textContent = statusText(connection, now);
  renderMembers(ui.members, ui.membersTitle, connection.timeline.members, connection.nick);

  const log = ui.log;
  const heightBefore = log.scrollHeight;
  const topBefore = log.scrollTop;
  const firstBefore = log.firstElementChild;
  renderLog(log, connection.timeline.entries, connection.pending, connection.nick, now);
  prunePending(connection.pending);
  if (atBottom) {
    log.scrollTop = log.scrollHeight;
  } else if (firstBefore && log.firstElementChild !== firstBefore) {
    log.scrollTop = topBefore + (log.scrollHeight - heightBefore); // an older page arrived above: stay put
  }

  const typing = connection.timeline.typingAt(now);
  ui.typing.textContent = typing.length === 0 ? ''
    : typing.length === 1 ? `${typing[0]} is typing…` : `${typing.join(', ')} are typing…`;
  clearTimeout(laterTimer);
  const expires = connection.timeline.typingExpiresAt();
  if (connection.state === 'waiting') laterTimer = setTimeout(scheduleRender, 1000); // the countdown
  else if (expires !== null) laterTimer = setTimeout(scheduleRender, Math.max(0, expires - now) + 10);
}

function statusText(connection, now) {
  switch (connection.state) {
    case 'joined': return connection.pending.length ? `Sending ${connection.pending.length}…` : 'Connected';
    case 'connecting': return 'Connecting…';
    case 'waiting': return `Reconnecting in ${Math.max(1, Math.round((connection.reconnectAt - now) / 1000))} s…`;
    default: return connection.stopReason ?? 'Not in this room';
  }
}

performance.mark('mychat-ready'); // the page can be used from here (tests measure it)
