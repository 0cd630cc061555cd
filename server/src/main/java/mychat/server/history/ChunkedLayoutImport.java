package mychat.server.history;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads history of the chunked layout, written by earlier versions, into rows of {@code messages}, once, inside
 * {@link Schema#prepare}'s transaction. That layout kept a room's messages as JSON arrays in {@code chunks} rows and
 * the newest ones in journal files beside the database ({@code journal-<seq>.log}: records of
 * {@code [length][crc32c][seq][JSON array]}), plus a {@code journal} table in its first version and a
 * {@code messages} view. Every message goes in with {@code INSERT OR IGNORE}, so a message found in two places is
 * stored once, and an import cut short by a crash simply runs again.
 */
final class ChunkedLayoutImport {
    private static final Logger log = LoggerFactory.getLogger(ChunkedLayoutImport.class);
    private static final int RECORD_HEADER = 16;
    /** The columns of {@code messages} taken from a JSON message object {@code m.value}. */
    private static final String FIELDS = "json_extract(m.value, '$.id'), json_extract(m.value, '$.ts'), "
            + "json_extract(m.value, '$.nick'), json_extract(m.value, '$.text'), json_extract(m.value, '$.cid')";
    private static final String INSERT = "INSERT OR IGNORE INTO messages (" + MessageRows.COLUMNS + ") ";

    private ChunkedLayoutImport() {}

    static boolean hasChunks(Connection db) throws SQLException {
        return "table".equals(typeOf(db, "chunks"));
    }

    /** The layout's {@code messages} view must go before the table of that name can be created. */
    static void dropView(Connection db) throws SQLException {
        if ("view".equals(typeOf(db, "messages"))) {
            try (Statement s = db.createStatement()) {
                s.execute("DROP VIEW messages");
            }
        }
    }

    /** Moves the messages of the {@code chunks} and {@code journal} tables into rows and drops those tables. */
    static void importTables(Connection db) throws SQLException {
        log.info("history: moving messages stored in chunks into one row each (once)");
        try (Statement s = db.createStatement()) {
            s.execute(INSERT + "SELECT c.room, " + FIELDS + " FROM chunks c, json_each(CAST(c.data AS TEXT)) m");
            if ("table".equals(typeOf(db, "journal"))) {
                s.execute(INSERT + "SELECT json_extract(m.value, '$.room'), " + FIELDS
                        + " FROM journal j, json_each(CAST(j.batch AS TEXT)) m");
                s.execute("DROP TABLE journal");
            }
            s.execute("DROP TABLE chunks");
            s.execute("DROP TABLE IF EXISTS meta");
        }
    }

    /**
     * Inserts the messages of every intact record of the journal files in {@code dir}; a record cut short by a
     * crash, and anything after it in its file, was never acknowledged and is left out. Returns the files, which
     * the caller deletes once the transaction is committed.
     */
    static List<Path> importJournalFiles(Connection db, Path dir) throws SQLException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> found = Files.newDirectoryStream(dir, "journal-*.log")) {
            found.forEach(files::add);
        } catch (IOException e) {
            throw new StoreException("cannot list the journal files in " + dir.toAbsolutePath() + ": " + e, e);
        }
        if (files.isEmpty()) {
            return files;
        }
        log.info("history: moving the messages of {} journal file(s) into rows (once)", files.size());
        try (PreparedStatement insert = db.prepareStatement(INSERT + "SELECT json_extract(m.value, '$.room'), "
                + FIELDS + " FROM json_each(?) m")) {
            for (Path file : files) {
                for (String batch : intactRecords(file)) {
                    insert.setString(1, batch);
                    insert.executeUpdate();
                }
            }
        }
        return files;
    }

    private static List<String> intactRecords(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new StoreException("cannot read journal file " + file.toAbsolutePath() + ": " + e, e);
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        List<String> batches = new ArrayList<>();
        while (in.remaining() >= RECORD_HEADER) {
            int length = in.getInt();
            int crc = in.getInt();
            long seq = in.getLong();
            if (length < 0 || length > in.remaining()) {
                break;
            }
            CRC32C check = new CRC32C();
            check.update(ByteBuffer.allocate(8).putLong(0, seq));
            check.update(bytes, in.position(), length);
            if ((int) check.getValue() != crc) {
                break;
            }
            batches.add(new String(bytes, in.position(), length, StandardCharsets.UTF_8));
            in.position(in.position() + length);
        }
        return batches;
    }

    private static String typeOf(Connection db, String name) throws SQLException {
        try (PreparedStatement q = db.prepareStatement("SELECT type FROM sqlite_schema WHERE name = ?")) {
            q.setString(1, name);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
