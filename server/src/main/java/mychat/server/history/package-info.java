/**
 * Message history: the {@link mychat.server.history.HistoryStore} seam and its implementations, the embedded
 * SQLite database (default) and an in-memory ring.
 *
 * <p>Threading: rooms call a store from their event loops and MUST NOT be blocked, so every method returns at once
 * with a future. The SQLite store commits on the event loop that appended (with {@code synchronous=NORMAL}) or on
 * one writer thread (group commit, {@code FULL}) and reads on one reader thread, each thread with its connection;
 * futures complete on those threads, and rooms hop back to their own loop before touching room state. Its layout,
 * a journal and chunks of messages, is in {@code ChunkWriter}. Uses nothing from the rest of the server.
 */
package mychat.server.history;
