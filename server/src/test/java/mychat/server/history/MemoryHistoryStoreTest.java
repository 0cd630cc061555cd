package mychat.server.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import mychat.server.history.HistoryStore.From;
import org.junit.jupiter.api.Test;

class MemoryHistoryStoreTest extends HistoryStoreContract {
    private static final String TEXT = "same length";
    private static final long ONE = MemoryHistoryStore.estimatedBytes(new ChatMessage("r", 1, 1, "n", TEXT, null));

    @Override
    HistoryStore newStore(int maxPerRoom) {
        return new MemoryHistoryStore(maxPerRoom);
    }

    /** Appends {@code count} messages of the same estimated size. */
    private void appendAlike(String roomName, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            append(draft(roomName, "n", TEXT, null, T0));
        }
    }

    private List<Long> kept(String roomName) throws Exception {
        return ids(read(roomName, 0, Long.MAX_VALUE, 1_000, From.OLDEST));
    }

    @Test
    void pastTheServerWideBoundTheOldestMessagesGoWhicheverRoomTheyAreIn() throws Exception {
        store = new MemoryHistoryStore(1_000, 50 * ONE);
        appendAlike("a", 30);
        appendAlike("b", 30);

        assertThat(kept("a")).isEqualTo(range(11, 30));
        assertThat(kept("b")).isEqualTo(range(1, 30));
        assertThat(read("a", 0, 100, 5, From.NEWEST).oldestId()).isEqualTo(11);
    }

    @Test
    void messagesTrimmedByTheRoomMaximumLeaveTheServerWideOrderIntact() throws Exception {
        store = new MemoryHistoryStore(3, 4 * ONE);
        appendAlike("a", 5); // the room maximum keeps 3..5
        appendAlike("b", 2); // five in all: the oldest, a's 3, goes

        assertThat(kept("a")).isEqualTo(range(4, 5));
        assertThat(kept("b")).isEqualTo(range(1, 2));
    }

    @Test
    void aRoomWhoseMessagesAllWentStillKnowsItsLastId() throws Exception {
        store = new MemoryHistoryStore(1_000, 10 * ONE);
        appendAlike("quiet", 5);
        appendAlike("busy", 10);

        HistoryStore.RoomStart start = store.open("quiet", 50).join();
        assertThat(start.lastId()).isEqualTo(5);
        assertThat(start.tail()).isEmpty();
        assertThat(read("quiet", 0, 100, 50, From.NEWEST).oldestId()).isZero();
        assertThat(append(draft("quiet", "n", "t", null, T0)).message().id()).isEqualTo(6);
    }

    @Test
    void theNewestMessageStaysEvenWhenItAloneIsOverTheBound() throws Exception {
        store = new MemoryHistoryStore(1_000, 1);
        appendAlike("a", 1);
        assertThat(kept("a")).containsExactly(1L);

        appendAlike("a", 1);
        assertThat(kept("a")).containsExactly(2L);
    }

    @Test
    void longerTextsCountForMore() {
        ChatMessage big = new ChatMessage("r", 1, 0, "n", "x".repeat(2_000), "c".repeat(36));
        assertThat(MemoryHistoryStore.estimatedBytes(big)).isGreaterThan(4_000);
        assertThat(ONE).isLessThan(200);
    }
}
