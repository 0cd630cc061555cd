'use strict';
// Reference server for my-chat protocol v1 (docs/PROTOCOL.md), written the way a careful Node.js author would:
// one process, the `ws` library, rooms in a Map, each broadcast encoded once into a Buffer and sent to every
// member. It exists to compare my-chat against; it is not a product. Deliberately left out: persistent history
// (a per-room ring in memory instead), idempotent `cid`, slow-consumer protection (a slow member's messages pile
// up in its socket buffer), rate limits. A `Join` with `since` is served from the ring (`recovered: true` when the
// ring still holds everything after `since`), so that reconnect storms compare like with like.
//
//   PORT=9100 HOST=127.0.0.1 node server.js

const http = require('http');
const { WebSocketServer } = require('ws');

const PORT = Number(process.env.PORT || 9000);
const HOST = process.env.HOST || '0.0.0.0';
const PING_INTERVAL_MS = Number(process.env.PING_INTERVAL_MS || 30000);
const HISTORY_MAX = 10000;
const HISTORY_ON_JOIN = 50;
const MAX_TEXT_BYTES = 2048;

/** name -> { name, members: Map<ws, nick>, nicks: Map<key, ws>, lastId, lastTs, history: ring } */
const rooms = new Map();

const send = (ws, event) => ws.send(JSON.stringify(event));
const error = (ws, code, reason) => send(ws, { type: 'Error', code, reason });
const nickKey = (nick) => nick.toUpperCase().toLowerCase();
const invalidName = (s, max) =>
  typeof s !== 'string' || s.length === 0 || [...s].length > max || /[\s\p{Cc}\p{Cf}]/u.test(s.replace(/[\u200c\u200d]/g, ''));

/** Encodes once, sends the same bytes to every member but `except`. */
function broadcast(room, event, except) {
  const data = Buffer.from(JSON.stringify(event));
  for (const member of room.members.keys()) {
    if (member !== except && member.readyState === member.OPEN) {
      member.send(data, { binary: false });
    }
  }
}

function leave(ws) {
  const room = ws.room;
  if (!room) return;
  room.members.delete(ws);
  room.nicks.delete(nickKey(ws.nick));
  ws.room = null;
  if (room.members.size === 0) {
    rooms.delete(room.name);
  } else {
    broadcast(room, { type: 'UserLeft', nick: ws.nick });
  }
}

function sortedMembers(room) {
  return [...room.members.values()].sort();
}

function onJoin(ws, req) {
  if (invalidName(req.room, 64)) return error(ws, 'invalid_room', 'invalid room name');
  if (invalidName(req.nick, 32)) return error(ws, 'invalid_nick', 'invalid nick');
  let room = rooms.get(req.room);
  const holder = room && room.nicks.get(nickKey(req.nick));
  if (ws.room === room && room) { // already a member: same nick, or a rename
    if (holder && holder !== ws) return error(ws, 'nick_taken', `nick "${req.nick}" is already used`);
    if (ws.nick !== req.nick) {
      room.nicks.delete(nickKey(ws.nick));
      broadcast(room, { type: 'UserLeft', nick: ws.nick }, ws);
      ws.nick = req.nick;
      room.members.set(ws, ws.nick);
      room.nicks.set(nickKey(ws.nick), ws);
      broadcast(room, { type: 'UserJoined', nick: ws.nick }, ws);
    }
    return send(ws, { type: 'Joined', room: room.name, members: sortedMembers(room) });
  }
  leave(ws);
  room = rooms.get(req.room);
  if (room && room.nicks.has(nickKey(req.nick))) {
    return error(ws, 'nick_taken', `nick "${req.nick}" is already used in room "${req.room}"`);
  }
  if (!room) {
    room = { name: req.room, members: new Map(), nicks: new Map(), lastId: 0, lastTs: 0,
             history: new Array(HISTORY_MAX), historyStart: 0, historySize: 0 };
    rooms.set(room.name, room);
  }
  ws.room = room;
  ws.nick = req.nick;
  room.members.set(ws, ws.nick);
  room.nicks.set(nickKey(ws.nick), ws);
  const oldestId = room.lastId - room.historySize + 1;
  const resumed = Number.isInteger(req.since) && req.since >= 0 && req.since <= room.lastId && oldestId <= req.since + 1;
  const joined = { type: 'Joined', room: room.name, members: sortedMembers(room) };
  if (Number.isInteger(req.since)) joined.recovered = resumed;
  send(ws, joined);
  const replay = resumed ? room.lastId - req.since : Math.min(HISTORY_ON_JOIN, room.historySize);
  for (let i = room.historySize - replay; i < room.historySize; i++) {
    send(ws, { ...room.history[(room.historyStart + i) % HISTORY_MAX], history: true });
  }
  broadcast(room, { type: 'UserJoined', nick: ws.nick }, ws);
}

function onSendMsg(ws, req) {
  if (typeof req.text !== 'string') return error(ws, 'bad_request', 'field "text" must be a string');
  const room = ws.room;
  if (!room) return error(ws, 'not_in_room', 'you are not in a room');
  if (Buffer.byteLength(req.text) > MAX_TEXT_BYTES) return error(ws, 'too_long', 'message text is too long');
  if (/^[\s\u200b\ufeff]*$/u.test(req.text)) return error(ws, 'empty_message', 'message text is empty');
  room.lastTs = Math.max(room.lastTs, Date.now());
  const message = { type: 'Message', room: room.name, id: ++room.lastId, from: ws.nick, text: req.text, ts: room.lastTs };
  if (typeof req.cid === 'string') message.cid = req.cid;
  if (room.historySize < HISTORY_MAX) {
    room.history[(room.historyStart + room.historySize++) % HISTORY_MAX] = message;
  } else {
    room.history[room.historyStart] = message;
    room.historyStart = (room.historyStart + 1) % HISTORY_MAX;
  }
  broadcast(room, message);
}

function onHistory(ws, req) {
  const room = ws.room;
  if (!room) return error(ws, 'not_in_room', 'you are not in a room');
  const limit = req.limit == null ? 50 : req.limit;
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) return error(ws, 'bad_request', 'bad limit');
  const all = [];
  for (let i = 0; i < room.historySize; i++) all.push(room.history[(room.historyStart + i) % HISTORY_MAX]);
  let page;
  let more;
  if (req.after != null) {
    const newer = all.filter((m) => m.id > req.after);
    page = newer.slice(0, limit);
    more = newer.length > limit;
  } else {
    const older = req.before != null ? all.filter((m) => m.id < req.before) : all;
    page = older.slice(-limit);
    more = older.length > limit;
  }
  send(ws, { type: 'HistoryPage', room: room.name, messages: page.map((m) => ({ ...m, history: true })), more });
}

function onMessage(ws, data, isBinary) {
  ws.isAlive = true;
  if (isBinary) return ws.close(1003, 'binary frames are not supported');
  let req;
  try {
    req = JSON.parse(data.toString());
  } catch (e) {
    return error(ws, 'bad_request', 'invalid JSON');
  }
  if (req === null || typeof req !== 'object' || Array.isArray(req)) return error(ws, 'bad_request', 'not an object');
  switch (req.type) {
    case 'Join': return onJoin(ws, req);
    case 'SendMsg': return onSendMsg(ws, req);
    case 'Leave': return ws.room ? leave(ws) : error(ws, 'not_in_room', 'you are not in a room');
    case 'ListRooms': return send(ws, { type: 'RoomList', rooms: [...rooms.keys()].sort() });
    case 'History': return onHistory(ws, req);
    default: return error(ws, 'bad_request', `unknown request type "${req.type}"`);
  }
}

const wss = new WebSocketServer({
  noServer: true,
  maxPayload: 64 * 1024,
  perMessageDeflate: false,
  handleProtocols: (protocols) => (protocols.has('chat.v1') ? 'chat.v1' : false),
});

wss.on('connection', (ws) => {
  ws.isAlive = true;
  ws.room = null;
  ws.on('pong', () => { ws.isAlive = true; });
  ws.on('message', (data, isBinary) => onMessage(ws, data, isBinary));
  ws.on('close', () => leave(ws));
  ws.on('error', () => ws.terminate());
});

const server = http.createServer((req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  res.writeHead(path === '/' || path === '/ws' ? 426 : 404).end();
});
server.on('upgrade', (req, socket, head) => {
  const path = new URL(req.url, 'http://x').pathname;
  if (path !== '/' && path !== '/ws') {
    socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
});

// Heartbeat, the ws README's way: ping everyone each interval, drop whoever did not answer the previous one.
const heartbeat = setInterval(() => {
  for (const ws of wss.clients) {
    if (!ws.isAlive) {
      ws.terminate();
      continue;
    }
    ws.isAlive = false;
    ws.ping();
  }
}, PING_INTERVAL_MS);

function shutdown() {
  clearInterval(heartbeat);
  for (const ws of wss.clients) ws.close(1001, 'server shutting down');
  server.close();
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

server.listen(PORT, HOST, () => console.log(`node-ref listening on ${HOST}:${PORT}`));
