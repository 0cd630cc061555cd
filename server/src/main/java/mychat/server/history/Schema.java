package mychat.server.history;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The SQLite store's tables: one row per message, keyed by room and id, an index for {@code cid} lookups, and the
 * operators' bans.
 * {@code PRAGMA user_version} says which version of this layout a file has; {@link #prepare} brings any older file
 * up to date in one transaction, so a file is either wholly old or wholly new.
 *
 * <p>Versions: 0, a new file, or one of the chunked layout ({@link ChunkedLayoutImport}) or of the first row layout
 * (the same table as version 1, without the cid index); 1, without the {@code deleted} column and the bans; 2, this
 * layout. A deleted message keeps its row, emptied and marked, so that its id is never given out again. A new
 * column is the next version: an {@code ALTER TABLE messages ADD COLUMN} step here, and the column in
 * {@link MessageRows}.
 */
final class Schema {
    static final int VERSION = 2;

    private Schema() {}

    /**
     * Brings the database in {@code dataDir} to {@link #VERSION} and commits. Returns files the caller deletes once
     * that is done (journal files of the chunked layout, now imported).
     */
    static List<Path> prepare(Connection db, Path dataDir) throws SQLException {
        int version = userVersion(db);
        if (version > VERSION) {
            throw new SQLException("it was written by a newer version of my-chat (layout " + version
                    + "; this version knows up to " + VERSION + ")");
        }
        db.setAutoCommit(false);
        try {
            boolean chunked = ChunkedLayoutImport.hasChunks(db);
            if (chunked) {
                ChunkedLayoutImport.dropView(db);
            }
            try (Statement s = db.createStatement()) {
                // "nick" is the message's "from" (a reserved word in SQL).
                s.execute("CREATE TABLE IF NOT EXISTS messages (room TEXT NOT NULL, id INTEGER NOT NULL, "
                        + "ts INTEGER NOT NULL, nick TEXT NOT NULL, text TEXT NOT NULL, cid TEXT, "
                        + "PRIMARY KEY (room, id)) WITHOUT ROWID");
                s.execute("CREATE INDEX IF NOT EXISTS messages_by_cid ON messages (room, cid) WHERE cid IS NOT NULL");
                if (!hasColumn(db, "messages", "deleted")) {
                    s.execute("ALTER TABLE messages ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0");
                }
                s.execute("CREATE TABLE IF NOT EXISTS bans (id INTEGER PRIMARY KEY, nick TEXT, address TEXT, "
                        + "room TEXT, created INTEGER NOT NULL, expires INTEGER, reason TEXT NOT NULL)");
            }
            if (chunked) {
                ChunkedLayoutImport.importTables(db);
            }
            List<Path> imported = ChunkedLayoutImport.importJournalFiles(db, dataDir);
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA user_version = " + VERSION); // also proves now that the file is writable
            }
            db.commit();
            return imported;
        } catch (SQLException | RuntimeException e) {
            db.rollback();
            throw e;
        } finally {
            db.setAutoCommit(true);
        }
    }

    private static boolean hasColumn(Connection db, String table, String column) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (rs.next()) {
                if (column.equals(rs.getString("name"))) {
                    return true;
                }
            }
            return false;
        }
    }

    private static int userVersion(Connection db) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }
}
