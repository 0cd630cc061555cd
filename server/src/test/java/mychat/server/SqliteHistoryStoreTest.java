package mychat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.DefaultEventLoop;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mychat.server.history.ChatMessage;
import mychat.server.history.HistoryStore;
import mychat.server.history.SqliteHistoryStore;
import mychat.server.history.StoreException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite store against a real database file. */
class SqliteHistoryStoreTest {

    @TempDir
    Path dir;

    private static void append(HistoryStore store, String room, long from, long to) throws Exception {
        for (long id = from; id <= to; id++) {
            store.append(new ChatMessage(room, id, 1000 + id, "n", "t" + id, id % 2 == 0 ? "c" + id : null));
        }
        store.append(new ChatMessage(room, to + 1, 1000 + to + 1, "n", "sync", null)).get(10, TimeUnit.SECONDS);
    }

    @Test
    void reopeningTheFileKeepsMessagesAndTheLastId() throws Exception {
        try (SqliteHistoryStore store = new SqliteHistoryStore(dir, 1000, false)) {
            append(store, "r", 1, 41);
        }
        try (SqliteHistoryStore store = new SqliteHistoryStore(dir, 1000, false)) {
            HistoryStore.RoomStart start = store.open("r", 5, 0).get(10, TimeUnit.SECONDS);
            assertThat(start.lastId()).isEqualTo(42);
            assertThat(start.tail()).extracting(ChatMessage::id).containsExactly(38L, 39L, 40L, 41L, 42L);
            assertThat(start.recentWithCid()).allMatch(m -> m.cid() != null).hasSize(20);
            assertThat(store.open("other", 5, 0).get(10, TimeUnit.SECONDS).lastId()).isZero();
        }
    }

    @Test
    void retentionPrunesEachRoomToItsMaximumInTheBackground() throws Exception {
        try (SqliteHistoryStore store = new SqliteHistoryStore(dir, 100, false)) {
            append(store, "busy", 1, 299);
            append(store, "quiet", 1, 9);
            HistoryStore.Page busy = store.page("busy", null, null, 200, Long.MAX_VALUE).get(10, TimeUnit.SECONDS);
            assertThat(busy.messages().getLast().id()).isEqualTo(300);
            assertThat(busy.messages().size()).isBetween(100, 110); // pruned in steps of 10%
            assertThat(busy.oldestId()).isEqualTo(busy.messages().getFirst().id());
            assertThat(busy.more()).isFalse();
            HistoryStore.Page quiet = store.page("quiet", null, null, 200, Long.MAX_VALUE).get(10, TimeUnit.SECONDS);
            assertThat(quiet.messages()).hasSize(10);
        }
    }

    @Test
    void sustainedWritesDoNotGrowTheWriteAheadLogWithoutBoundAndLoseNothingWhileItIsCut() throws Exception {
        long limit = 1 << 20;
        String text = "x".repeat(500);
        long largest = 0;
        try (SqliteHistoryStore store = new SqliteHistoryStore(dir, 1_000_000, false, limit)) {
            // commits of ~500 messages without a pause: unbounded, the WAL would take all ~50 MB of page writes
            CompletableFuture<Void> last = null;
            for (long id = 1; id <= 40_000; id++) {
                last = store.append(new ChatMessage("r" + id % 50, id, id, "n", text, null));
                if (id % 500 == 0) {
                    last.get(10, TimeUnit.SECONDS);
                    largest = Math.max(largest, Files.size(dir.resolve("history.db-wal")));
                }
            }
            last.get(10, TimeUnit.SECONDS);
            HistoryStore.Page page = store.page("r7", null, null, 200, Long.MAX_VALUE).get(10, TimeUnit.SECONDS);
            assertThat(page.messages()).hasSize(200).allMatch(m -> m.text().equals(text));
        }
        // over the limit by what is written while a checkpoint runs
        assertThat(largest).isLessThan(16L << 20);
        // commits during a bounding checkpoint's last pass only journal their messages: all must be in chunks now
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("history.db"));
             Statement s = db.createStatement();
             ResultSet rows = s.executeQuery("SELECT count(*), count(DISTINCT id) FROM messages")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getLong(1)).isEqualTo(40_000);
            assertThat(rows.getLong(2)).isEqualTo(40_000);
        }
    }

    @Test
    void appendsMadeOnAnEventLoopAreCommittedByThatLoopRightAfterTheTaskThatMadeThem() throws Exception {
        DefaultEventLoop loop = new DefaultEventLoop();
        try (SqliteHistoryStore store = new SqliteHistoryStore(dir, 1000, false)) {
            List<Boolean> onLoop = new CopyOnWriteArrayList<>();
            List<CompletableFuture<Void>> appended = loop.submit(() -> {
                List<CompletableFuture<Void>> futures = appendThree(store);
                // registered before the commit can run: it runs after this task, on this loop
                assertThat(futures).noneMatch(CompletableFuture::isDone);
                return futures.stream().map(f -> f.whenComplete((ok, error) -> onLoop.add(loop.inEventLoop())))
                        .toList();
            }).get(10, TimeUnit.SECONDS);
            CompletableFuture.allOf(appended.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            assertThat(onLoop).containsExactly(true, true, true);
            assertStoredThree(store);
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    @Test
    void withFullSyncAppendsAreCommittedWithoutTheEventLoop() throws Exception {
        DefaultEventLoop loop = new DefaultEventLoop();
        try (SqliteHistoryStore store = new SqliteHistoryStore(dir, 1000, true)) {
            // the loop blocks until they are stored: only another thread can have committed them
            loop.submit(() -> CompletableFuture.allOf(appendThree(store).toArray(CompletableFuture[]::new))
                    .get(10, TimeUnit.SECONDS)).get(20, TimeUnit.SECONDS);
            assertStoredThree(store);
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    private static List<CompletableFuture<Void>> appendThree(SqliteHistoryStore store) {
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (long id = 1; id <= 3; id++) {
            futures.add(store.append(new ChatMessage("r", id, id, "n", "t" + id, null)));
        }
        return futures;
    }

    private static void assertStoredThree(SqliteHistoryStore store) throws Exception {
        HistoryStore.Page page = store.page("r", null, null, 10, Long.MAX_VALUE).get(10, TimeUnit.SECONDS);
        assertThat(page.messages()).extracting(ChatMessage::id).containsExactly(1L, 2L, 3L);
    }

    @Test
    void pagesNeverIncludeIdsAboveWhatTheRoomDelivered() throws Exception {
        try (SqliteHistoryStore store = new SqliteHistoryStore(dir, 1000, false)) {
            append(store, "r", 1, 19);
            HistoryStore.Page page = store.page("r", null, 10L, 100, 15).get(10, TimeUnit.SECONDS);
            assertThat(page.messages()).extracting(ChatMessage::id).containsExactly(11L, 12L, 13L, 14L, 15L);
            assertThat(page.more()).isFalse();
        }
    }

    @Test
    void pagesWalkChunkedAndNotYetChunkedMessagesAlikeBeforeAndAfterARestart() throws Exception {
        try (SqliteHistoryStore store = new SqliteHistoryStore(dir, 10_000, false)) {
            append(store, "r", 1, 999); // 1,000 with the last: seven chunks of 128 and 104 still in the journal
            assertEveryPageWalk(store, 1000);
        }
        try (SqliteHistoryStore store = new SqliteHistoryStore(dir, 10_000, false)) { // all in chunks now
            assertEveryPageWalk(store, 1000);
            assertThat(store.open("r", 3, 0).get(10, TimeUnit.SECONDS).tail())
                    .extracting(ChatMessage::id).containsExactly(998L, 999L, 1000L);
        }
    }

    private static void assertEveryPageWalk(HistoryStore store, long last) throws Exception {
        for (int limit : new int[] {1, 37, 128, 500}) {
            List<Long> down = new ArrayList<>();
            Long before = null;
            HistoryStore.Page page;
            do {
                page = store.page("r", before, null, limit, last).get(10, TimeUnit.SECONDS);
                down.addAll(0, page.messages().stream().map(ChatMessage::id).toList());
                before = page.messages().isEmpty() ? null : page.messages().getFirst().id();
            } while (page.more());
            List<Long> up = new ArrayList<>();
            long after = 0;
            do {
                page = store.page("r", null, after, limit, last).get(10, TimeUnit.SECONDS);
                up.addAll(page.messages().stream().map(ChatMessage::id).toList());
                after = page.messages().isEmpty() ? after : page.messages().getLast().id();
            } while (page.more());
            List<Long> all = java.util.stream.LongStream.rangeClosed(1, last).boxed().toList();
            assertThat(down).as("newest first, %d per page", limit).isEqualTo(all);
            assertThat(up).as("oldest first, %d per page", limit).isEqualTo(all);
            assertThat(page.oldestId()).isEqualTo(1);
        }
        HistoryStore.Page middle = store.page("r", 900L, null, 5, last).get(10, TimeUnit.SECONDS);
        assertThat(middle.messages()).extracting(ChatMessage::id).containsExactly(895L, 896L, 897L, 898L, 899L);
        assertThat(middle.messages().get(1).text()).isEqualTo("t896");
        assertThat(middle.messages().get(1).cid()).isEqualTo("c896");
        assertThat(middle.messages().get(0).cid()).isNull();
    }

    @Test
    void messagesStillInTheJournalAtACrashAreInTheirRoomsAfterTheRestart() throws Exception {
        Path crashed = dir.resolve("crashed");
        Files.createDirectories(crashed);
        try (SqliteHistoryStore store = new SqliteHistoryStore(dir, 10_000, false)) {
            append(store, "r", 1, 199); // one chunk of 128, the other 72 only in the journal
            append(store, "s", 1, 4);
            // the files as a kill -9 now would leave them: committed, nothing of close() done
            Files.copy(dir.resolve("history.db"), crashed.resolve("history.db"));
            Files.copy(dir.resolve("history.db-wal"), crashed.resolve("history.db-wal"));
            try (var files = Files.list(dir)) {
                for (Path f : files.filter(f -> f.getFileName().toString().startsWith("journal-")).toList()) {
                    Files.copy(f, crashed.resolve(f.getFileName()));
                }
            }
        }
        try (SqliteHistoryStore store = new SqliteHistoryStore(crashed, 10_000, false)) {
            assertThat(store.open("r", 1, 0).get(10, TimeUnit.SECONDS).lastId()).isEqualTo(200);
            assertThat(store.open("s", 1, 0).get(10, TimeUnit.SECONDS).lastId()).isEqualTo(5);
            assertEveryId(store, "r", 200);
            assertEveryId(store, "s", 5);
        }
    }

    @Test
    void aQuietRoomsMessagesLeaveTheJournalForAChunkWithinSeconds() throws Exception {
        try (SqliteHistoryStore store = new SqliteHistoryStore(dir, 10_000, false);
             Connection db = DriverManager.getConnection("jdbc:sqlite:" + store.file())) {
            append(store, "quiet", 1, 2);
            assertThat(count(db, "SELECT count(*) FROM chunks WHERE room = 'quiet'")).isZero(); // journal only
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> count(db, "SELECT count(*) FROM chunks WHERE room = 'quiet'") == 1);
            assertThat(store.page("quiet", null, null, 10, 3).get(10, TimeUnit.SECONDS).messages())
                    .extracting(ChatMessage::id).containsExactly(1L, 2L, 3L);
        }
    }

    @Test
    void theMessagesViewShowsEveryMessageOnceWhenTheStoreHasClosed() throws Exception {
        try (SqliteHistoryStore store = new SqliteHistoryStore(dir, 10_000, false)) {
            append(store, "r", 1, 199); // one chunk of 128, 72 in the journal until close() chunks them
            append(store, "other", 1, 0);
        }
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("history.db"))) {
            List<String> rows = new ArrayList<>();
            try (Statement s = db.createStatement();
                 ResultSet rs = s.executeQuery("SELECT room, id, ts, nick, text, cid FROM messages "
                         + "ORDER BY room, id")) {
                while (rs.next()) {
                    rows.add(rs.getString(1) + " " + rs.getLong(2) + " " + rs.getLong(3) + " " + rs.getString(4)
                            + " " + rs.getString(5) + " " + rs.getString(6));
                }
            }
            assertThat(rows).hasSize(201).startsWith("other 1 1001 n sync null", "r 1 1001 n t1 null",
                    "r 2 1002 n t2 c2").endsWith("r 200 1200 n sync null");
        }
    }

    @Test
    void aDatabaseWithOneRowPerMessageMovesIntoChunksWhenOpened() throws Exception {
        Files.createDirectories(dir);
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("history.db"));
             Statement s = db.createStatement()) {
            s.execute("CREATE TABLE messages (room TEXT NOT NULL, id INTEGER NOT NULL, ts INTEGER NOT NULL, "
                    + "nick TEXT NOT NULL, text TEXT NOT NULL, cid TEXT, PRIMARY KEY (room, id)) WITHOUT ROWID");
            for (int id = 1; id <= 300; id++) {
                s.execute("INSERT INTO messages VALUES ('old', " + id + ", " + (5000 + id) + ", 'ann', 'said \"" + id
                        + "\"', " + (id % 3 == 0 ? "'k" + id + "'" : "NULL") + ")");
            }
            s.execute("INSERT INTO messages VALUES ('two', 7, 1, 'bo', 'x', NULL)");
        }
        try (SqliteHistoryStore store = new SqliteHistoryStore(dir, 10_000, false)) {
            HistoryStore.RoomStart old = store.open("old", 2, 0).get(10, TimeUnit.SECONDS);
            assertThat(old.lastId()).isEqualTo(300);
            assertThat(old.tail()).containsExactly(new ChatMessage("old", 299, 5299, "ann", "said \"299\"", null),
                    new ChatMessage("old", 300, 5300, "ann", "said \"300\"", "k300"));
            assertThat(old.recentWithCid()).hasSize(100);
            assertEveryId(store, "old", 300);
            assertThat(store.open("two", 5, 0).get(10, TimeUnit.SECONDS).lastId()).isEqualTo(7);
            append(store, "old", 301, 301); // and it goes on from there
            assertEveryId(store, "old", 302);
        }
    }

    private static void assertEveryId(HistoryStore store, String room, long last) throws Exception {
        HistoryStore.Page page = store.page(room, null, 0L, 1000, last).get(10, TimeUnit.SECONDS);
        assertThat(page.messages()).extracting(ChatMessage::id)
                .isEqualTo(java.util.stream.LongStream.rangeClosed(1, last).boxed().toList());
    }

    private static long count(Connection db, String sql) throws Exception {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    @Test
    void corruptDatabaseFileIsAClearErrorNotAFreshStart() throws Exception {
        Path file = dir.resolve("history.db");
        byte[] garbage = new byte[8192];
        new java.util.Random(1).nextBytes(garbage);
        Files.write(file, garbage);
        assertThatThrownBy(() -> new SqliteHistoryStore(dir, 100, false))
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
}
