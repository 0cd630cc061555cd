/**
 * Message history: the {@link mychat.server.history.HistoryStore} seam and its implementations, the embedded
 * SQLite database (default) and an in-memory ring.
 *
 * <p>Threading: rooms call a store from their event loops and MUST NOT be blocked, so every method returns at once
 * with a future. The SQLite store writes on one dedicated writer thread (group commit) and reads on one reader
 * thread, each with its own connection; futures complete on those threads, and rooms hop back to their own loop
 * before touching room state. Uses nothing from the rest of the server.
 */
package mychat.server.history;
