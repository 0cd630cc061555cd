/**
 * What operators do to a running server, whatever the admin API in front of it.
 *
 * <pre>
 * Moderation        the operators' actions on rooms: list rooms and members, kick, notice, delete a message, close
 *   LocalModeration   a server alone: through each room's mailbox ({@code RoomCommand})
 *                     (a cluster's implementation lives in {@code cluster}: through each room's shared order)
 * BanList           the bans in force, cached for the join check on connection loops; kept in the history store
 * Audit             one log line per action: who, what, when
 * </pre>
 *
 * <p>Threading: every method may be called from any thread and returns at once; futures complete on store, Redis or
 * room threads. {@link mychat.server.moderation.BanList#find} reads a volatile snapshot and never blocks.
 *
 * <p>Uses: {@code hub}, {@code room} (commands), {@code history} (bans, deletions), {@code protocol} (nick folding).
 */
package mychat.server.moderation;
