package mychat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.DefaultEventLoop;
import java.nio.file.Files;
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
    void sustainedWritesDoNotGrowTheWriteAheadLogWithoutBound() throws Exception {
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
