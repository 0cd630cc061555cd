package mychat.server.history;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * How a {@link ChatMessage} maps to a row of the {@code messages} table ({@link Schema}): the one place that lists
 * its columns. A new field of messages is a column here, in {@link Schema}, and in the protocol's codec.
 */
final class MessageRows {
    /** In the order {@link #bind} and {@link #read} use. */
    static final String COLUMNS = "room, id, ts, nick, text, cid";
    static final String INSERT = "INSERT INTO messages (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)";
    static final String SELECT_COLUMNS = "SELECT " + COLUMNS + " ";
    static final String SELECT = SELECT_COLUMNS + "FROM messages ";
    /** The condition that leaves out deleted messages (their rows stay, so that their ids are never reused). */
    static final String KEPT = "deleted = 0 ";

    private MessageRows() {}

    static void bind(PreparedStatement insert, ChatMessage m) throws SQLException {
        insert.setString(1, m.room());
        insert.setLong(2, m.id());
        insert.setLong(3, m.ts());
        insert.setString(4, m.from());
        insert.setString(5, m.text());
        insert.setString(6, m.cid());
    }

    /** The message in the current row of a query that selected {@link #COLUMNS}. */
    static ChatMessage read(ResultSet row) throws SQLException {
        return new ChatMessage(row.getString(1), row.getLong(2), row.getLong(3), row.getString(4),
                row.getString(5), row.getString(6));
    }
}
