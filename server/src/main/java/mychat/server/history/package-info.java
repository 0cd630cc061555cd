/**
 * Message history: the {@link mychat.server.history.HistoryStore} seam that rooms store through, and its stores.
 *
 * <pre>
 * HistoryStore         the seam: append (gives ids, looks cids up), read an id range, open a room, delete a message,
 *                      keep bans; Draft, Appended, RoomStart, Page
 * ChatMessage          a stored message
 * Ban                  an operator's ban of a nick or an address
 * MemoryHistoryStore   CHAT_STORE=memory: per-room deques under one lock, bounded per room and server-wide
 * SqliteHistoryStore   CHAT_STORE=sqlite (default): the writer thread (group commit), the reader thread, lifecycle
 *   SqliteWriter       what the writer thread does on its connection: ids, cid lookups, inserts, pruning
 *   Schema             the table, its index and its version; brings older files up to date
 *   MessageRows        ChatMessage to row and back: the one place that lists the columns
 *   BanRows            Ban to row and back
 *   ChunkedLayoutImport  reads history written in the chunked layout of earlier versions, once
 * StoreException       a store that cannot work (its message names the file)
 * </pre>
 *
 * <p>Threading: rooms call a store from their event loops and are never blocked; futures complete on the executor
 * the room passes (its mailbox). The SQLite store's threads each own their connection.
 *
 * <p>Uses: {@code protocol} (limits, nick folding, the message event) and {@code telemetry} (the span of a SQLite
 * transaction that stores a traced message). Nothing else of the server.
 */
package mychat.server.history;
