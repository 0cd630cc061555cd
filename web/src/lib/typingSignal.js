// When to tell the room that we are typing: at most once per INTERVAL_MS while keys are pressed.

export const INTERVAL_MS = 3000;

export class TypingSignal {
  #lastSent = -Infinity;

  /** A key was pressed at `now`: true when a Typing request should go out. */
  keyPressed(now) {
    if (now - this.#lastSent < INTERVAL_MS) return false;
    this.#lastSent = now;
    return true;
  }

  /** A message was sent: the next key press may signal again at once. */
  reset() {
    this.#lastSent = -Infinity;
  }
}
