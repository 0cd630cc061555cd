// One room's WebSocket: joins, resumes after a loss with `since`, sends the outbox at its pace, asks for history,
// and turns every server event into changes of the room's Timeline. Each room has a connection of its own,
// because the protocol puts one connection in one room at a time.

import { reconnectDelay } from '../lib/backoff.js';
import { describeError } from '../lib/errors.js';
import { Outbox } from '../lib/outbox.js';
import { mentions, Timeline } from '../lib/timeline.js';

const HISTORY_PAGE = 50;
const MAX_HISTORY_PAGE = 200;
/** A join refused as nick_taken while resuming is tried again: a dead cluster node may still hold the nick. */
const RETAKE_NICK_MS = 2000;

/** Where the page's own server takes WebSockets: same host and port, wss: under https:. */
export function socketUrl(location, token) {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const query = token ? `?token=${encodeURIComponent(token)}` : '';
  return `${scheme}//${location.host}/ws${query}`;
}

export class RoomConnection {
  /** 'connecting' | 'joined' | 'waiting' (to reconnect) | 'stopped' */
  state = 'connecting';
  /** Why the connection stopped for good, in plain words, or null. */
  stopReason = null;
  reconnectAt = null;

  #url;
  #nick;
  #listener;
  #socket = null;
  #outbox;
  #joinedOnce = false;
  #attempt = 0;
  #timer = null;
  #pumpTimer = null;
  #history = null; // the history request waiting for its page: { kind: 'older' } or { kind: 'gap', to }
  #stopping = false;
  /** A pacing notice was shown and the outbox has not emptied since: say it once per burst. */
  #quietRefusals = false;

  /**
   * @param listener `{ changed(connection), isWatched(connection) }`: told after every change; asked whether the
   *                 user is looking at this room (messages then do not count as unread)
   */
  constructor({ room, nick, url, cidPrefix, listener }) {
    this.room = room;
    this.#nick = nick;
    this.#url = url;
    this.#listener = listener;
    this.#outbox = new Outbox(cidPrefix);
    this.timeline = new Timeline(room);
  }

  get nick() {
    return this.#nick;
  }

  /** Unconfirmed lines, oldest first. */
  get pending() {
    return this.#outbox.pending;
  }

  start() {
    this.#connect();
  }

  /** Queues a line (checked by the caller) and sends it when the pace allows. */
  send(text) {
    this.#outbox.add(text);
    this.#pump();
    this.#changed();
  }

  /** The `Typing` extension request (see features.js). */
  sendTyping() {
    if (this.state === 'joined') this.#write({ type: 'Typing' });
  }

  /** Asks for the page of messages before the oldest one held; false when none is due. */
  loadOlder() {
    if (this.state !== 'joined' || this.#history || !this.timeline.moreBefore) return false;
    const before = this.timeline.firstId;
    if (before === null) return false;
    this.#history = { kind: 'older' };
    this.#write({ type: 'History', before, limit: HISTORY_PAGE });
    return true;
  }

  /** Leaves the room on purpose: nothing pending is sent any more, the socket closes, no reconnect. */
  leave() {
    this.#stop(null);
    this.#outbox.clear();
    if (this.#socket && this.#socket.readyState === WebSocket.OPEN) this.#write({ type: 'Leave' });
    this.#socket?.close(1000);
  }

  /** Reconnects now instead of waiting out the backoff (the browser came back online). */
  reconnectNow() {
    if (this.state !== 'waiting') return;
    clearTimeout(this.#timer);
    this.#connect();
  }

  #connect() {
    this.state = 'connecting';
    this.reconnectAt = null;
    let opened = false;
    const socket = new WebSocket(this.#url, 'chat.v1');
    this.#socket = socket;
    socket.onopen = () => {
      opened = true;
      this.#sendJoin();
    };
    socket.onmessage = (event) => {
      if (this.#socket !== socket) return;
      let data;
      try {
        data = JSON.parse(event.data);
      } catch {
        return;
      }
      this.#onEvent(data);
      this.#changed();
    };
    socket.onclose = () => {
      if (this.#socket !== socket) return;
      this.#socket = null;
      clearTimeout(this.#pumpTimer);
      this.#outbox.disconnected();
      this.#history = null;
      if (this.#stopping) {
        this.state = 'stopped';
      } else {
        this.#scheduleReconnect(opened
          ? 'Connection lost; reconnecting.'
          : 'Cannot reach the server (or it refused this page; if it needs a token, add one).');
      }
      this.#changed();
    };
  }

  /** Joins, or resumes after the newest message held once this page has been in the room. */
  #sendJoin() {
    const join = { type: 'Join', room: this.room, nick: this.#nick };
    if (this.#joinedOnce) join.since = this.timeline.lastId ?? 0;
    this.#write(join);
  }

  #scheduleReconnect(text) {
    this.#attempt++;
    const delay = reconnectDelay(this.#attempt);
    this.state = 'waiting';
    this.reconnectAt = Date.now() + delay;
    if (this.#attempt === 1 || this.#attempt % 5 === 0) this.timeline.addLocal('error', text, Date.now());
    this.#timer = setTimeout(() => this.#connect(), delay);
  }

  #stop(reason) {
    this.#stopping = true;
    this.state = 'stopped';
    this.stopReason = reason;
    clearTimeout(this.#timer);
    clearTimeout(this.#pumpTimer);
    if (reason) this.timeline.addLocal('error', reason, Date.now());
  }

  #onEvent(event) {
    const now = Date.now();
    const timeline = this.timeline;
    switch (event.type) {
      case 'Joined': {
        const resumed = this.#joinedOnce;
        this.#joinedOnce = true;
        this.#attempt = 0;
        this.state = 'joined';
        timeline.setMembers(event.members ?? []);
        timeline.addLocal('info', resumed ? `Back in ${this.room}.` : `You joined ${this.room} as ${this.#nick}.`, now);
        if (event.recovered === false) {
          timeline.addLocal('notice', 'Some messages from while you were away are no longer kept by the server.', now);
        }
        this.#pump();
        break;
      }
      case 'UserJoined':
        timeline.memberJoined(event.nick);
        timeline.addLocal('info', `${event.nick} joined.`, now);
        break;
      case 'UserLeft':
        timeline.memberLeft(event.nick);
        timeline.addLocal('info', `${event.nick} left.`, now);
        break;
      case 'Message':
        this.#onMessage(event, now);
        this.#pump();
        break;
      case 'HistoryPage':
        this.#onHistoryPage(event);
        break;
      case 'Typing':
        if (event.nick !== this.#nick) timeline.typing(event.nick, now);
        break;
      case 'Notice':
        timeline.addLocal('notice', event.text, now);
        break;
      case 'MessageDeleted':
        timeline.removeMessage(event.id);
        break;
      case 'Error':
        this.#onError(event, now);
        break;
      default:
        break; // an event this page does not know: ignored, as the protocol asks
    }
  }

  #onMessage(m, now) {
    const own = this.#outbox.confirm(m.cid) || m.from === this.#nick;
    const watched = this.#listener.isWatched(this);
    this.timeline.addMessage(m, {
      own,
      counted: !m.history && !watched,
      mention: !own && mentions(m.text, this.#nick),
    });
  }

  #onHistoryPage(page) {
    const request = this.#history;
    this.#history = null;
    const isOwn = (m) => m.from === this.#nick;
    for (const m of page.messages) if (m.cid) this.#outbox.confirm(m.cid);
    if (request?.kind === 'older') {
      this.timeline.addOlderPage(page.messages, page.more, isOwn);
      return;
    }
    for (const m of page.messages) {
      this.timeline.addMessage(m, { own: isOwn(m), mention: !isOwn(m) && mentions(m.text, this.#nick) });
    }
    if (request?.kind === 'gap' && page.more && page.messages.length > 0) {
      const after = page.messages[page.messages.length - 1].id;
      if (after < request.to) this.#fetchGap(after, request.to);
    }
  }

  #fetchGap(after, to) {
    this.#history = { kind: 'gap', to };
    this.#write({ type: 'History', after, limit: Math.min(MAX_HISTORY_PAGE, Math.max(1, to - after)) });
  }

  #onError(error, now) {
    const text = describeError(error);
    switch (error.code) {
      case 'rate_limited':
      case 'unavailable':
        if (this.state === 'connecting') { // the Join itself was refused: ask again when the server says
          clearTimeout(this.#timer);
          this.#timer = setTimeout(() => this.#sendJoin(), Math.max(error.retry_after_ms ?? 1000, 100));
          return;
        }
        if (this.#history) this.#history = null;
        this.#outbox.refused(error.retry_after_ms ?? 1000, now);
        this.#pump();
        if (!this.#quietRefusals) this.timeline.addLocal('notice', text, now);
        this.#quietRefusals = true;
        return;
      case 'lagged':
        this.timeline.addLocal('notice', text, now);
        if (Number.isInteger(error.from) && Number.isInteger(error.to) && !this.#history) {
          this.#fetchGap(error.from - 1, error.to);
        }
        return;
      case 'too_long':
      case 'empty_message': {
        const refused = this.#outbox.rejectOldestSent();
        this.timeline.addLocal('error', refused ? `${text} Not sent: “${refused.text.slice(0, 80)}”` : text, now);
        return;
      }
      case 'nick_taken':
        if (this.#joinedOnce && this.state !== 'joined') {
          // A dead cluster node may hold our nick until its timeout: try again (PROTOCOL.md §9).
          this.timeline.addLocal('notice', `${text} Trying again.`, now);
          this.#socket?.close(1000);
          return;
        }
        if (this.state !== 'joined') this.#stopAndClose(text);
        else this.timeline.addLocal('error', text, now);
        return;
      case 'invalid_nick':
      case 'invalid_room':
      case 'forbidden':
      case 'room_closed':
      case 'kicked':
        this.#stopAndClose(text);
        return;
      default:
        this.timeline.addLocal('error', text, now);
    }
  }

  #stopAndClose(text) {
    this.#stop(text);
    this.#socket?.close(1000);
  }

  /** Sends what the outbox allows now and comes back when it asks to. */
  #pump() {
    clearTimeout(this.#pumpTimer);
    if (this.state !== 'joined') return;
    for (;;) {
      const now = Date.now();
      const next = this.#outbox.next(now);
      if (next === null) {
        if (this.#outbox.size === 0) this.#quietRefusals = false;
        return;
      }
      if (next.waitMs !== undefined) {
        this.#pumpTimer = setTimeout(() => this.#pump(), next.waitMs);
        return;
      }
      this.#write({ type: 'SendMsg', text: next.send.text, cid: next.send.cid });
      this.#outbox.sent(next.send.cid, now);
    }
  }

  #write(request) {
    if (this.#socket?.readyState === WebSocket.OPEN) this.#socket.send(JSON.stringify(request));
  }

  #changed() {
    this.#listener.changed(this);
  }
}
