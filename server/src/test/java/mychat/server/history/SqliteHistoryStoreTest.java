package mychat.server.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mychat.server.history.HistoryStore.Appended;
import mychat.server.history.HistoryStore.From;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite store against real database files: the contract, plus what a file adds (restarts, old layouts). */
class SqliteHistoryStoreTest extends HistoryStoreContract {

    @TempDir
    Path dir;

    @Override
    HistoryStore newStore(int maxPerRoom) {
        return new SqliteHistoryStore(dir, maxPerRoom, false);
    }

    private SqliteHistoryStore reopen() {
        store.close();
        store = new SqliteHistoryStore(dir, MAX_PER_ROOM, false);
        return (SqliteHistoryStore) store;
    }

    @Test
    void reopeningTheFileKeepsMessagesIdsAndCids() throws Exception {
        appendMany("r", 41);
        ChatMessage withCid = append(draft("r", "zoë", "hé \"quoted\"\nline", "k", T0 + 50)).message();
        reopen();
        HistoryStore.RoomStart start = store.open("r", 3).get(10, TimeUnit.SECONDS);
        assertThat(start.lastId()).isEqualTo(42);
        assertThat(start.tail()).extracting(ChatMessage::id).containsExactly(40L, 41L, 42L);
        assertThat(start.tail().getLast()).isEqualTo(withCid);
        assertThat(append(draft("r", "ZOË", "again", "k", T0 + 60))).isEqualTo(new Appended(withCid, true));
        assertThat(append(draft("r", "n", "next", null, T0 + 61)).message().id()).isEqualTo(43);
    }

    @Test
    void aCidIsLookedUpThroughItsIndexNotByReadingTheRoom() throws Exception {
        appendMany("r", 3);
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("history.db"));
             java.sql.PreparedStatement plan = db.prepareStatement("EXPLAIN QUERY PLAN " + SqliteWriter.BY_CID)) {
            plan.setString(1, "r");
            plan.setString(2, "k");
            plan.setLong(3, 0);
            List<String> steps = new ArrayList<>();
            try (ResultSet rs = plan.executeQuery()) {
                while (rs.next()) {
                    steps.add(rs.getString("detail"));
                }
            }
            assertThat(steps).singleElement().asString().contains("USING INDEX messages_by_cid (room=? AND cid=?)");
        }
    }

    @Test
    void withFullSyncEveryCommitWaitsForTheDiskAndMessagesAreStoredAlike() throws Exception {
        store.close();
        store = new SqliteHistoryStore(dir, MAX_PER_ROOM, true);
        assertThat(appendMany("r", 20)).extracting(a -> a.message().id()).isEqualTo(range(1, 20));
        assertThat(ids(read("r", 0, 20, 50, From.OLDEST))).isEqualTo(range(1, 20));
    }

    @Test
    void aMessageTheDatabaseRefusesFailsAloneAndIsNeverStored() throws Exception {
        appendMany("r", 2);
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("history.db"));
             Statement s = db.createStatement()) {
            s.execute("CREATE TRIGGER refuse BEFORE INSERT ON messages WHEN NEW.text = 'refuse me' "
                    + "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END");
        }
        List<CompletableFuture<Appended>> burst = new ArrayList<>();
        for (String text : List.of("before", "refuse me", "after")) {
            burst.add(store.append(draft("r", "n", text, null, T0), room));
        }
        assertThat(burst.get(0).get(10, TimeUnit.SECONDS).message().id()).isEqualTo(3);
        assertThatThrownBy(() -> burst.get(1).get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasMessageContaining("refused by the test");
        assertThat(burst.get(2).get(10, TimeUnit.SECONDS).message().id()).isEqualTo(4);
        reopen();
        assertThat(read("r", 0, 10, 10, From.OLDEST).messages()).extracting(ChatMessage::text)
                .containsExactly("t1", "t2", "before", "after");
    }

    @Test
    void sustainedWritesKeepTheWriteAheadLogBounded() throws Exception {
        String text = "x".repeat(500);
        long largest = 0;
        CompletableFuture<Appended> last = null;
        for (int i = 1; i <= 40_000; i++) {
            last = store.append(draft("r" + i % 50, "n", text, null, T0 + i), room);
            if (i % 1000 == 0) {
                last.get(10, TimeUnit.SECONDS);
                largest = Math.max(largest, Files.size(dir.resolve("history.db-wal")));
            }
        }
        last.get(10, TimeUnit.SECONDS);
        // ~25 MB of rows, more in page writes: without checkpoints the WAL would hold all of them
        assertThat(largest).isLessThan((SqliteHistoryStore.AUTOCHECKPOINT_PAGES + 2048) * 4096L);
        assertThat(ids(read("r7", 0, 800, 200, From.NEWEST))).isEqualTo(range(601, 800));
    }

    @Test
    void aStoppedStoreLeavesOneFileThatSqliteShowsOneRowPerMessage() throws Exception {
        appendMany("r", 5);
        append(draft("r", "alice", "with cid", "k", T0 + 6));
        store.close();
        assertThat(Files.exists(dir.resolve("history.db-wal")) ? Files.size(dir.resolve("history.db-wal")) : 0)
                .isZero();
        assertThat(rows(dir, "SELECT room, id, ts, nick, text, cid FROM messages ORDER BY room, id"))
                .hasSize(6).endsWith("r 6 " + (T0 + 6) + " alice with cid k");
        store = new SqliteHistoryStore(dir, MAX_PER_ROOM, false);
    }

    // ---- files written by earlier versions ------------------------------------------------------------------

    /**
     * The fixtures were written by the chunked layout's store: 300 messages in "lobby" (every fifth with a cid,
     * texts with quotes, backslashes, line breaks, tabs, emoji, CJK) and 3 in "ünï ✓". "clean" is what a graceful
     * stop left (everything in chunks); "crashed" what kill -9 left (lobby's 1..256 in chunks, the rest only in the
     * journal file).
     */
    private void copyFixture(String name, String... files) throws IOException {
        for (String f : files) {
            try (InputStream in = getClass().getResourceAsStream("/chunked-v1/" + name + "/" + f)) {
                assertThat(in).as("fixture %s/%s", name, f).isNotNull();
                Files.copy(in, dir.resolve(f));
            }
        }
    }

    private static String fixtureText(long id) {
        return switch ((int) (id % 7)) {
            case 0 -> "plain line " + id;
            case 1 -> "quotes \"" + id + "\" and \\ backslash";
            case 2 -> "two\nlines " + id;
            case 3 -> "emoji 🎉 " + id;
            case 4 -> "中文 " + id;
            case 5 -> "tab\there " + id;
            default -> "<b>not html</b> " + id;
        };
    }

    private void assertFixtureHistory() throws Exception {
        List<ChatMessage> lobby = new ArrayList<>();
        for (long after = 0; after < 300; after = lobby.getLast().id()) {
            lobby.addAll(read("lobby", after, Long.MAX_VALUE, 200, From.OLDEST).messages());
        }
        assertThat(lobby).hasSize(300);
        for (ChatMessage m : lobby) {
            long id = m.id();
            assertThat(m).isEqualTo(new ChatMessage("lobby", id, 1_790_000_000_000L + id * 1000,
                    id % 3 == 0 ? "bob" : "alice", fixtureText(id), id % 5 == 0 ? "cid-" + id : null));
        }
        assertThat(read("ünï ✓", 0, 10, 10, From.OLDEST).messages()).extracting(ChatMessage::text)
                .containsExactly("hé 1", "hé 2", "hé 3");
        assertThat(store.open("lobby", 1).get(10, TimeUnit.SECONDS).lastId()).isEqualTo(300);
        // cids come along, and ids go on
        Appended resent = append(draft("lobby", "alice", "x", "cid-295", 1_790_000_000_000L + 300_000));
        assertThat(resent.duplicate()).isTrue();
        assertThat(resent.message().id()).isEqualTo(295);
        assertThat(append(draft("lobby", "alice", "x", null, T0)).message().id()).isEqualTo(301);
    }

    @Test
    void aDataDirectoryOfTheChunkedLayoutOpensWithAllItsHistory() throws Exception {
        store.close();
        Files.delete(dir.resolve("history.db"));
        copyFixture("clean", "history.db");
        store = new SqliteHistoryStore(dir, 10_000, false);
        assertFixtureHistory();
        assertThat(rows(dir, "SELECT name FROM sqlite_schema WHERE type IN ('table', 'view') ORDER BY name"))
                .containsExactly("bans", "messages");
    }

    @Test
    void aChunkedDataDirectoryLeftByACrashOpensWithTheMessagesOfItsJournalFiles() throws Exception {
        store.close();
        Files.delete(dir.resolve("history.db"));
        copyFixture("crashed", "history.db", "journal-1.log");
        store = new SqliteHistoryStore(dir, 10_000, false);
        assertFixtureHistory();
        assertThat(Files.exists(dir.resolve("journal-1.log"))).as("the imported journal file is gone").isFalse();
        reopen();
        assertThat(ids(read("lobby", 295, 301, 10, From.OLDEST))).containsExactly(296L, 297L, 298L, 299L, 300L, 301L);
    }

    @Test
    void deletionsAndBansSurviveReopeningAndTheNewestIdStaysUsed() throws Exception {
        appendMany("del", 3);
        delete("del", 3);
        Ban ban = store.addBan(new Ban(0, "bob", null, null, T0, null, "spam")).get(10, TimeUnit.SECONDS);

        reopen();

        assertThat(ids(read("del", 0, 10, 10, From.OLDEST))).containsExactly(1L, 2L);
        assertThat(store.bans().get(10, TimeUnit.SECONDS)).containsExactly(ban);
        assertThat(append(draft("del", "n", "after", null, T0 + 10)).message().id()).isEqualTo(4);
        assertThat(rows(dir, "SELECT text FROM messages WHERE room = 'del' AND id = 3")).as("the text is gone")
                .containsExactly("");
    }

    @Test
    void aDatabaseOfTheFirstRowLayoutOpensAsItIs() throws Exception {
        store.close();
        Files.delete(dir.resolve("history.db"));
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("history.db"));
             Statement s = db.createStatement()) {
            s.execute("CREATE TABLE messages (room TEXT NOT NULL, id INTEGER NOT NULL, ts INTEGER NOT NULL, "
                    + "nick TEXT NOT NULL, text TEXT NOT NULL, cid TEXT, PRIMARY KEY (room, id)) WITHOUT ROWID");
            for (int id = 1; id <= 30; id++) {
                s.execute("INSERT INTO messages VALUES ('old', " + id + ", " + (T0 + id) + ", 'ann', 'said " + id
                        + "', " + (id % 3 == 0 ? "'k" + id + "'" : "NULL") + ")");
            }
        }
        store = new SqliteHistoryStore(dir, MAX_PER_ROOM, false);
        assertThat(ids(read("old", 0, 100, 100, From.OLDEST))).isEqualTo(range(1, 30));
        assertThat(append(draft("old", "ann", "again", "k30", T0 + 31)).message().id()).isEqualTo(30);
        assertThat(append(draft("old", "ann", "new", null, T0 + 31)).message().id()).isEqualTo(31);
    }

    @Test
    void aFileWrittenByANewerVersionIsRefusedAndLeftAlone() throws Exception {
        store.close();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("history.db"));
             Statement s = db.createStatement()) {
            s.execute("PRAGMA user_version = 99");
        }
        assertThatThrownBy(() -> new SqliteHistoryStore(dir, 100, false)).isInstanceOf(StoreException.class)
                .hasMessageContaining("newer version").hasMessageContaining(dir.resolve("history.db").toString());
        assertThat(rows(dir, "PRAGMA user_version")).containsExactly("99");
        store = new MemoryHistoryStore(MAX_PER_ROOM);
    }

    // ---- unusable files ---------------------------------------------------------------------------------------

    @Test
    void corruptDatabaseFileIsAClearErrorNotAFreshStart() throws Exception {
        Path other = dir.resolve("corrupt");
        Files.createDirectories(other);
        Path file = other.resolve("history.db");
        byte[] garbage = new byte[8192];
        new java.util.Random(1).nextBytes(garbage);
        Files.write(file, garbage);
        assertThatThrownBy(() -> new SqliteHistoryStore(other, 100, false))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(file.toAbsolutePath().toString());
        assertThat(Files.readAllBytes(file)).isEqualTo(garbage); // left as it was for the operator to inspect
    }

    @Test
    void unwritableDataDirectoryIsAClearError() throws Exception {
        Path locked = dir.resolve("locked");
        Files.createDirectory(locked);
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(locked),
                    "running as a user who can write anywhere (root): permissions cannot make it fail");
            assertThatThrownBy(() -> new SqliteHistoryStore(locked, 100, false))
                    .isInstanceOf(StoreException.class).hasMessageContaining("locked");
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void dataDirectoryThatIsAFileIsAClearError() throws Exception {
        Path notADir = dir.resolve("plain-file");
        Files.writeString(notADir, "x");
        assertThatThrownBy(() -> new SqliteHistoryStore(notADir, 100, false))
                .isInstanceOf(StoreException.class).hasMessageContaining("plain-file");
    }

    private static List<String> rows(Path dir, String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("history.db"));
             Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int c = 1; c <= columns; c++) {
                    row.append(c > 1 ? " " : "").append(rs.getString(c));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }
}
