// Our unconfirmed messages for one room connection, each under the idempotency key (cid) it is sent with, and
// the pacing of their sending. Pure: the caller passes the time and does the sending.
//
// - One line at a time waits for its confirmation (WINDOW). A refusal is then always the refusal of that line,
//   and no later line can be accepted before an earlier refused one is sent again: the room sees our lines in
//   the order typed. On loopback or a LAN a line is confirmed long before the next rate-limit slot.
// - A `rate_limited` refusal pauses sending for its `retry_after_ms`, and until the queue is empty again each
//   further line waits that long after the previous one, the pace the server asked for. The line is sent again
//   with its cid: the server stores each cid once, so a line it had accepted after all is not doubled.
// - After a reconnect every unconfirmed line is sent again, with its cid, for the same reason.

export const WINDOW = 1;
const MIN_SPACING_MS = 20;

export class Outbox {
  #items = []; // { cid, text, sent } in the order the user typed them
  #pausedUntil = 0;
  #spacingMs = 0;
  #lastSentAt = -Infinity;
  #prefix;
  #counter = 0;

  /** @param prefix makes cids unique across tabs and page loads */
  constructor(prefix) {
    this.#prefix = prefix;
  }

  /** Queues a line; returns its pending entry. */
  add(text) {
    const item = { cid: `${this.#prefix}-${++this.#counter}`, text, sent: false };
    this.#items.push(item);
    return item;
  }

  /** Unconfirmed lines, oldest first. */
  get pending() {
    return this.#items.map(({ cid, text }) => ({ cid, text }));
  }

  get size() {
    return this.#items.length;
  }

  /**
   * What to do at `now`: `{ send: item }` to send a line (then call `sent`), `{ waitMs }` to come back later, or
   * `null` when nothing can be sent until an answer arrives or a line is added.
   */
  next(now) {
    const item = this.#items.find((i) => !i.sent);
    if (!item) return null;
    if (this.#items.filter((i) => i.sent).length >= WINDOW) return null;
    const at = Math.max(this.#pausedUntil, this.#lastSentAt + this.#spacingMs);
    if (at > now) return { waitMs: at - now };
    return { send: item };
  }

  sent(cid, now) {
    const item = this.#items.find((i) => i.cid === cid);
    if (item) item.sent = true;
    this.#lastSentAt = now;
  }

  /** The server confirmed `cid` (its Message came back); true when it was one of ours. */
  confirm(cid) {
    const index = cid == null ? -1 : this.#items.findIndex((i) => i.cid === cid);
    if (index < 0) return false;
    this.#items.splice(index, 1);
    if (this.#items.length === 0) this.#spacingMs = 0;
    return true;
  }

  /** A `rate_limited` (or `unavailable`) answer: wait, then resend what is unconfirmed at the asked pace. */
  refused(retryAfterMs, now) {
    const wait = Math.max(Number(retryAfterMs) || 0, MIN_SPACING_MS);
    this.#pausedUntil = Math.max(this.#pausedUntil, now + wait);
    this.#spacingMs = Math.max(this.#spacingMs, wait);
    for (const item of this.#items) item.sent = false;
  }

  /** The connection was lost: everything unconfirmed is sent again on the next one. */
  disconnected() {
    for (const item of this.#items) item.sent = false;
    this.#pausedUntil = 0;
  }

  /** The oldest line in flight was refused for good (too long, empty): forget it and return it. */
  rejectOldestSent() {
    const index = this.#items.findIndex((i) => i.sent);
    if (index < 0) return null;
    const [item] = this.#items.splice(index, 1);
    return { cid: item.cid, text: item.text };
  }

  /** Forgets everything (the room was left on purpose). */
  clear() {
    this.#items = [];
  }
}
