package mychat.server.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/** How a {@link Ban} maps to a row of the {@code bans} table ({@link Schema}); runs on the writer's connection. */
final class BanRows {
    private BanRows() {}

    static List<Ban> all(Connection db) throws SQLException {
        List<Ban> bans = new ArrayList<>();
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, nick, address, room, created, expires, reason FROM bans "
                     + "ORDER BY id")) {
            while (rs.next()) {
                long expires = rs.getLong(6);
                Long expiresOrNull = rs.wasNull() ? null : expires;
                bans.add(new Ban(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                        expiresOrNull, rs.getString(7)));
            }
        }
        return bans;
    }

    static Ban insert(Connection db, Ban ban) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO bans (nick, address, room, created, "
                + "expires, reason) VALUES (?, ?, ?, ?, ?, ?) RETURNING id")) {
            insert.setString(1, ban.nick());
            insert.setString(2, ban.address());
            insert.setString(3, ban.room());
            insert.setLong(4, ban.createdMillis());
            if (ban.expiresMillis() == null) {
                insert.setNull(5, Types.INTEGER);
            } else {
                insert.setLong(5, ban.expiresMillis());
            }
            insert.setString(6, ban.reason());
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                return ban.withId(rs.getLong(1));
            }
        }
    }

    static boolean delete(Connection db, long id) throws SQLException {
        try (PreparedStatement delete = db.prepareStatement("DELETE FROM bans WHERE id = ?")) {
            delete.setLong(1, id);
            return delete.executeUpdate() > 0;
        }
    }
}
