// One room's view of the conversation: messages in id order without duplicates, local lines (joins, leaves,
// notices, errors), the member list, who is typing, the history paging position and the unread and mention
// counts. Pure: no DOM, no sockets; the caller passes the time.

export const MAX_ENTRIES = 2000;
const TYPING_SHOWN_MS = 5000;

let localCounter = 0;

export class Timeline {
  /**
   * Entries in display order: `{ kind: 'message', id, from, text, ts, cid?, own, mention }` or
   * `{ kind: 'info'|'notice'|'error', key, text, ts }`.
   */
  entries = [];
  members = [];
  unread = 0;
  mentions = 0;
  /** Whether older messages exist on the server before the first one we hold (unknown: true). */
  moreBefore = true;
  #ids = new Set();
  #maxId = null;
  #typing = new Map(); // nick -> shown until (ms)

  constructor(room) {
    this.room = room;
  }

  /** The newest message id seen: what a resume asks to continue after (`since`), or null before any. */
  get lastId() {
    return this.#maxId;
  }

  /** The oldest message id held: where the next older page ends (`before`), or null. */
  get firstId() {
    const first = this.entries.find((e) => e.kind === 'message');
    return first ? first.id : null;
  }

  has(id) {
    return this.#ids.has(id);
  }

  /**
   * Adds a message where its id belongs; false when it is already here (a resent line's confirmation, or a
   * replay overlapping what we hold).
   *
   * @param own     whether we sent it
   * @param counted whether it may count as unread (a live message while the room is not being looked at)
   * @param mention whether it names us
   */
  addMessage(m, { own = false, counted = false, mention = false } = {}) {
    if (this.#ids.has(m.id)) return false;
    this.#ids.add(m.id);
    const newest = this.#maxId;
    this.#ids.add(m.id);
    if (newest === null || m.id > newest) this.#maxId = m.id;
    const entry = { kind: 'message', id: m.id, from: m.from, text: m.text, ts: m.ts, cid: m.cid, own, mention };
    // Newer than all we hold: at the end, after local lines (replays and live messages). Older than all: at
    // the top (older pages). Else where its id belongs among the messages (refilled gaps).
    const oldest = this.firstId;
    let index;
    if (newest === null || m.id > newest) index = this.entries.length;
    else if (m.id < oldest) index = 0;
    else index = this.entries.findIndex((e) => e.kind === 'message' && e.id > m.id);
    this.entries.splice(index, 0, entry);
    this.#typing.delete(m.from);
    if (counted && !own) {
      this.unread++;
      if (mention) this.mentions++;
    }
    this.#bound();
    return true;
  }

  /** A page of older messages, oldest first; `more`: whether the server holds still older ones. */
  addOlderPage(messages, more, isOwn = () => false) {
    for (const m of [...messages].reverse()) this.addMessage(m, { own: isOwn(m) }); // newest first: each on top
    this.moreBefore = more;
  }

  /** An operator deleted a message: it disappears. */
  removeMessage(id) {
    const index = this.entries.findIndex((e) => e.kind === 'message' && e.id === id);
    if (index >= 0) this.entries.splice(index, 1);
  }

  /** A line of our own making: `kind` is 'info', 'notice' or 'error'. */
  addLocal(kind, text, ts) {
    this.entries.push({ kind, key: `local-${++localCounter}`, text, ts });
    this.#bound();
  }

  setMembers(nicks) {
    this.members = [...nicks].sort();
  }

  memberJoined(nick) {
    if (!this.members.includes(nick)) this.setMembers([...this.members, nick]);
  }

  memberLeft(nick) {
    this.members = this.members.filter((n) => n !== nick);
    this.#typing.delete(nick);
  }

  typing(nick, now) {
    this.#typing.set(nick, now + TYPING_SHOWN_MS);
  }

  /** Nicks typing at `now`, sorted. */
  typingAt(now) {
    for (const [nick, until] of this.#typing) if (until <= now) this.#typing.delete(nick);
    return [...this.#typing.keys()].sort();
  }

  /** When the typing line next changes by itself, or null. */
  typingExpiresAt() {
    const times = [...this.#typing.values()];
    return times.length ? Math.min(...times) : null;
  }

  markRead() {
    this.unread = 0;
    this.mentions = 0;
  }

  /** Keeps at most MAX_ENTRIES, dropping the oldest; dropped messages can be paged in again. */
  #bound() {
    while (this.entries.length > MAX_ENTRIES) {
      const [dropped] = this.entries.splice(0, 1);
      if (dropped.kind === 'message') {
        this.#ids.delete(dropped.id);
        this.moreBefore = true;
      }
    }
  }
}

/** Whether `text` names `nick` as a word (`@alice`, `alice:`), case-insensitively. */
export function mentions(text, nick) {
  if (!nick) return false;
  const escaped = nick.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\p{L}\\p{N}_])@?${escaped}($|[^\\p{L}\\p{N}_])`, 'iu').test(text);
}
