package mychat.server.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import mychat.protocol.Limits;
import mychat.server.history.HistoryStore.Appended;
import mychat.server.history.HistoryStore.Draft;
import mychat.server.history.HistoryStore.From;
import mychat.server.history.HistoryStore.Page;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every history store promises through the seam, whatever keeps the messages: ids, cid lookups, range reads,
 * room starts, and answers on the caller's executor in append order. Run per store by its test class.
 */
abstract class HistoryStoreContract {
    static final int MAX_PER_ROOM = 500;
    static final long T0 = 1_790_000_000_000L;

    /** A new, empty store keeping {@code maxPerRoom} messages per room. */
    abstract HistoryStore newStore(int maxPerRoom);

    HistoryStore store;
    /** Stands in for a room's loop: one thread. */
    ExecutorService room;

    @BeforeEach
    void start() {
        store = newStore(MAX_PER_ROOM);
        room = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().name("room").unstarted(r));
    }

    @AfterEach
    void stop() {
        store.close();
        room.shutdownNow();
    }

    static Draft draft(String room, String from, String text, String cid, long ts) {
        return new Draft(room, ts, from, text, cid);
    }

    Appended append(Draft draft) throws Exception {
        return store.append(draft, room).get(10, TimeUnit.SECONDS);
    }

    /** Appends {@code count} messages without cids and waits for the last. */
    List<Appended> appendMany(String roomName, int count) throws Exception {
        List<CompletableFuture<Appended>> futures = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            futures.add(store.append(draft(roomName, "n", "t" + i, null, T0 + i), room));
        }
        List<Appended> done = new ArrayList<>();
        for (CompletableFuture<Appended> f : futures) {
            done.add(f.get(10, TimeUnit.SECONDS));
        }
        return done;
    }

    Page read(String roomName, long after, long upTo, int limit, From from) throws Exception {
        return store.read(roomName, after, upTo, limit, from, room).get(10, TimeUnit.SECONDS);
    }

    static List<Long> ids(Page page) {
        return page.messages().stream().map(ChatMessage::id).toList();
    }

    static List<Long> range(long first, long last) {
        return LongStream.rangeClosed(first, last).boxed().toList();
    }

    @Test
    void eachRoomsIdsStartAtOneAndGoUpByOne() throws Exception {
        assertThat(appendMany("a", 3)).extracting(a -> a.message().id()).containsExactly(1L, 2L, 3L);
        assertThat(appendMany("b", 2)).extracting(a -> a.message().id()).containsExactly(1L, 2L);
        Appended next = append(draft("a", "zoë", "hé", "c1", T0 + 9));
        assertThat(next).isEqualTo(new Appended(new ChatMessage("a", 4, T0 + 9, "zoë", "hé", "c1"), false));
    }

    @Test
    void answersRunOnTheGivenExecutorInTheOrderOfTheAppends() throws Exception {
        List<Long> order = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        // appended from the "room" thread, as a room does: the answers are queued behind this task
        List<CompletableFuture<?>> all = room.submit(() -> {
            List<CompletableFuture<?>> futures = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                futures.add(store.append(draft("r", "n", "t", null, T0), room).thenAccept(a -> {
                    order.add(a.message().id());
                    threads.add(Thread.currentThread().getName());
                }));
            }
            futures.add(store.read("r", 0, 1000, 10, From.NEWEST, room)
                    .thenAccept(p -> threads.add(Thread.currentThread().getName())));
            return futures;
        }).get(10, TimeUnit.SECONDS);
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        assertThat(order).isEqualTo(range(1, 200));
        assertThat(threads).hasSize(201).containsOnly("room");
    }

    @Test
    void aCidResentBySameSenderWithinTheWindowGivesTheOriginalAndStoresNothing() throws Exception {
        ChatMessage original = append(draft("r", "Alice", "hello", "k1", T0)).message();
        Appended resent = append(draft("r", "ALICE", "hello again", "k1", T0 + Limits.CID_WINDOW_MILLIS));
        assertThat(resent).isEqualTo(new Appended(original, true));
        assertThat(append(draft("r", "alice", "next", "k2", T0 + 2)).message().id()).isEqualTo(2);
        assertThat(ids(read("r", 0, 100, 100, From.OLDEST))).containsExactly(1L, 2L);
    }

    @Test
    void aCidIsPerSenderPerRoomAndForgottenAfterTheWindow() throws Exception {
        append(draft("r", "alice", "a", "k", T0));
        assertThat(append(draft("r", "bob", "b", "k", T0 + 1)).duplicate()).isFalse();
        assertThat(append(draft("other", "alice", "c", "k", T0 + 2)).duplicate()).isFalse();
        Appended late = append(draft("r", "alice", "d", "k", T0 + Limits.CID_WINDOW_MILLIS + 1));
        assertThat(late.duplicate()).isFalse();
        assertThat(late.message().id()).isEqualTo(3);
    }

    @Test
    void aCidSentTwiceInOneBurstIsStoredOnce() throws Exception {
        List<CompletableFuture<Appended>> burst = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            burst.add(store.append(draft("r", "n", "t" + i, i % 2 == 0 ? "same" : null, T0 + i), room));
        }
        List<Appended> done = new ArrayList<>();
        for (CompletableFuture<Appended> f : burst) {
            done.add(f.get(10, TimeUnit.SECONDS));
        }
        assertThat(done.stream().filter(a -> !a.duplicate())).hasSize(26);
        assertThat(done.stream().filter(Appended::duplicate)).allMatch(a -> a.message().id() == 1);
        assertThat(ids(read("r", 0, 100, 100, From.OLDEST))).isEqualTo(range(1, 26));
    }

    @Test
    void readTakesAnIdRangeFromEitherEndOldestFirstAndSaysWhetherMoreLieBeyond() throws Exception {
        appendMany("r", 30);
        Page newest = read("r", 0, 30, 5, From.NEWEST);
        assertThat(ids(newest)).isEqualTo(range(26, 30));
        assertThat(newest.more()).isTrue();
        assertThat(newest.oldestId()).isEqualTo(1);
        Page older = read("r", 0, 25, 30, From.NEWEST);
        assertThat(ids(older)).isEqualTo(range(1, 25));
        assertThat(older.more()).isFalse();
        Page after = read("r", 10, 20, 5, From.OLDEST);
        assertThat(ids(after)).isEqualTo(range(11, 15));
        assertThat(after.more()).isTrue();
        Page rest = read("r", 15, 20, 5, From.OLDEST);
        assertThat(ids(rest)).isEqualTo(range(16, 20));
        assertThat(rest.more()).as("nothing beyond 20 within the range").isFalse();
        assertThat(rest.messages().getFirst()).isEqualTo(new ChatMessage("r", 16, T0 + 16, "n", "t16", null));
    }

    @Test
    void aRoomNeverWrittenIsEmptyWithLastIdZero() throws Exception {
        Page page = read("nobody", 0, Long.MAX_VALUE, 10, From.NEWEST);
        assertThat(page.messages()).isEmpty();
        assertThat(page.more()).isFalse();
        assertThat(page.oldestId()).isZero();
        HistoryStore.RoomStart start = store.open("nobody", 10).get(10, TimeUnit.SECONDS);
        assertThat(start.lastId()).isZero();
        assertThat(start.tail()).isEmpty();
    }

    @Test
    void openGivesTheLastIdAndTheNewestMessagesIncludingEveryAppendBeforeIt() throws Exception {
        for (int i = 1; i <= 40; i++) {
            store.append(draft("r", "n", "t" + i, null, T0 + i), room);
        }
        HistoryStore.RoomStart start = store.open("r", 3).get(10, TimeUnit.SECONDS);
        assertThat(start.lastId()).isEqualTo(40);
        assertThat(start.tail()).extracting(ChatMessage::id).containsExactly(38L, 39L, 40L);
    }

    @Test
    void aRoomKeepsItsNewestMessagesUpToItsMaximumAndIdsGoOnAfterTheOldestGo() throws Exception {
        appendMany("busy", 3 * MAX_PER_ROOM);
        appendMany("quiet", 5);
        Page kept = read("busy", 0, Long.MAX_VALUE, 200, From.OLDEST);
        long oldest = kept.oldestId();
        assertThat(oldest).as("oldest kept").isBetween(3L * MAX_PER_ROOM - MAX_PER_ROOM - MAX_PER_ROOM / 10 + 1,
                3L * MAX_PER_ROOM - MAX_PER_ROOM + 1);
        assertThat(kept.messages().getFirst().id()).isEqualTo(oldest);
        assertThat(append(draft("busy", "n", "later", null, T0)).message().id()).isEqualTo(3L * MAX_PER_ROOM + 1);
        assertThat(ids(read("quiet", 0, 100, 100, From.OLDEST))).isEqualTo(range(1, 5));
    }

    // ---- operators: deleted messages and bans -----------------------------------------------------------------

    boolean delete(String roomName, long id) throws Exception {
        return store.delete(roomName, id, room).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aDeletedMessageIsNoLongerReadAndItsIdIsNeverGivenAgain() throws Exception {
        appendMany("del", 3);

        assertThat(delete("del", 3)).isTrue();

        assertThat(delete("del", 3)).as("deleted already").isFalse();
        assertThat(delete("del", 9)).as("an id never used").isFalse();
        assertThat(ids(read("del", 0, 10, 10, From.OLDEST))).containsExactly(1L, 2L);
        assertThat(ids(read("del", 0, 10, 1, From.NEWEST))).containsExactly(2L);
        HistoryStore.RoomStart start = store.open("del", 10).get(10, TimeUnit.SECONDS);
        assertThat(start.lastId()).isEqualTo(3);
        assertThat(start.tail()).extracting(ChatMessage::id).containsExactly(1L, 2L);
        assertThat(append(draft("del", "n", "after", null, T0 + 10)).message().id()).isEqualTo(4);
    }

    @Test
    void aResendOfADeletedMessageIsADuplicateWithoutItsText() throws Exception {
        long id = append(draft("del", "ann", "regret", "c-1", T0)).message().id();
        delete("del", id);

        Appended resent = append(draft("del", "ann", "regret", "c-1", T0 + 1000));

        assertThat(resent.duplicate()).isTrue();
        assertThat(resent.message().id()).isEqualTo(id);
        assertThat(resent.message().text()).isEmpty();
    }

    @Test
    void bansAreStoredWithTheirIdsListedAndRemoved() throws Exception {
        Ban nick = store.addBan(new Ban(0, "bob", null, "lobby", T0, null, "spam")).get(10, TimeUnit.SECONDS);
        Ban address = store.addBan(new Ban(0, null, "192.0.2.7", null, T0, T0 + 1000, "flood"))
                .get(10, TimeUnit.SECONDS);

        assertThat(nick.id()).isPositive();
        assertThat(address.id()).isGreaterThan(nick.id());
        assertThat(store.bans().get(10, TimeUnit.SECONDS)).containsExactly(nick, address);
        assertThat(store.removeBan(nick.id()).get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(store.removeBan(nick.id()).get(10, TimeUnit.SECONDS)).as("removed already").isFalse();
        assertThat(store.bans().get(10, TimeUnit.SECONDS)).containsExactly(address);
    }
}
