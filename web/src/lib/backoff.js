// Reconnect delays: 1 s, doubling per failed attempt, capped at 30 s (as the terminal client).
export const FIRST_DELAY_MS = 1000;
export const MAX_DELAY_MS = 30000;

/** The delay before reconnect attempt number `attempt` (1 for the first retry). */
export function reconnectDelay(attempt) {
  const doublings = Math.min(Math.max(attempt - 1, 0), 16);
  return Math.min(FIRST_DELAY_MS * 2 ** doublings, MAX_DELAY_MS);
}
