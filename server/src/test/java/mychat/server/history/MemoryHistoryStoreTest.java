package mychat.server.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class MemoryHistoryStoreTest {
    private static final long ONE = MemoryHistoryStore.estimatedBytes(message("r", 1));

    private static ChatMessage message(String room, long id) {
        return new ChatMessage(room, id, 1_000 + id, "nick", "text of ten", null);
    }

    private static void append(MemoryHistoryStore store, String room, long fromId, long toId) {
        for (long id = fromId; id <= toId; id++) {
            store.append(message(room, id)).join();
        }
    }

    private static List<Long> ids(MemoryHistoryStore store, String room) {
        return store.page(room, null, null, 1_000, Long.MAX_VALUE).join().messages().stream()
                .map(ChatMessage::id).toList();
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    @Test
    void pastTheServerWideBoundTheOldestMessagesGoWhicheverRoomTheyAreIn() {
        MemoryHistoryStore store = new MemoryHistoryStore(1_000, 50 * ONE);
        append(store, "a", 1, 30);
        append(store, "b", 1, 30);

        assertThat(ids(store, "a")).isEqualTo(range(11, 30));
        assertThat(ids(store, "b")).isEqualTo(range(1, 30));
        assertThat(store.page("a", null, null, 5, Long.MAX_VALUE).join().oldestId()).isEqualTo(11);
    }

    @Test
    void messagesTrimmedByTheRoomMaximumLeaveTheServerWideOrderIntact() {
        MemoryHistoryStore store = new MemoryHistoryStore(3, 4 * ONE);
        append(store, "a", 1, 5); // the room maximum keeps 3..5
        append(store, "b", 1, 2); // five in all: the oldest, a's 3, goes

        assertThat(ids(store, "a")).isEqualTo(range(4, 5));
        assertThat(ids(store, "b")).isEqualTo(range(1, 2));
    }

    @Test
    void aRoomWhoseMessagesAllWentStillKnowsItsLastId() {
        MemoryHistoryStore store = new MemoryHistoryStore(1_000, 10 * ONE);
        append(store, "quiet", 1, 5);
        append(store, "busy", 1, 10);

        HistoryStore.RoomStart start = store.open("quiet", 50, 0).join();
        assertThat(start.lastId()).isEqualTo(5);
        assertThat(start.tail()).isEmpty();
        assertThat(store.page("quiet", null, null, 50, Long.MAX_VALUE).join().oldestId()).isZero();
    }

    @Test
    void theNewestMessageStaysEvenWhenItAloneIsOverTheBound() {
        MemoryHistoryStore store = new MemoryHistoryStore(1_000, 1);
        append(store, "a", 1, 1);
        assertThat(ids(store, "a")).containsExactly(1L);

        append(store, "a", 2, 2);
        assertThat(ids(store, "a")).containsExactly(2L);
    }

    @Test
    void longerTextsCountForMore() {
        ChatMessage big = new ChatMessage("r", 1, 0, "n", "x".repeat(2_000), "c".repeat(36));
        assertThat(MemoryHistoryStore.estimatedBytes(big)).isGreaterThan(4_000);
        assertThat(ONE).isLessThan(200);
    }
}
