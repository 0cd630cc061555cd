package mychat.client.state;

import static mychat.client.state.ChatDriver.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import mychat.protocol.ClientRequest;
import mychat.protocol.ServerEvent;
import org.junit.jupiter.api.Test;

/** History in the client: replay on join, the divider, resume cursors, older pages and lagged gaps. */
class ChatModelHistoryTest {

    private static ServerEvent.Message msg(long id, String from, String text, boolean history) {
        return new ServerEvent.Message("lobby", id, from, text, 1000 + id, history, null);
    }

    private static List<ServerEvent.Message> page(long fromId, long toId) {
        List<ServerEvent.Message> out = new ArrayList<>();
        for (long id = fromId; id <= toId; id++) {
            out.add(msg(id, "bob", "old " + id, true));
        }
        return out;
    }

    @Test
    void replayedMessagesAreMarkedEarlierAndADividerPrecedesTheFirstLiveOne() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice", "bob");
        chat.receive(msg(1, "bob", "before you came", true));
        chat.receive(msg(2, "bob", "also before", true));
        assertThat(chat.lastEntry().earlier()).isTrue();

        chat.receive(msg(3, "bob", "now", false));

        List<Entry> entries = chat.entries();
        assertThat(entries.get(entries.size() - 2).kind()).isEqualTo(Entry.Kind.DIVIDER);
        assertThat(chat.lastEntry().text()).isEqualTo("now");
        assertThat(chat.lastEntry().earlier()).isFalse();
    }

    @Test
    void noDividerWhenNothingWasReplayed() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice", "bob");
        chat.receive(msg(1, "bob", "live", false));

        assertThat(chat.entries()).noneMatch(e -> e.kind() == Entry.Kind.DIVIDER);
    }

    @Test
    void reconnectResumesFromTheLastMessageIdSeen() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice", "bob");
        chat.receive(msg(41, "bob", "a", false));
        chat.receive(msg(42, "bob", "b", false));
        chat.disconnect();
        chat.reconnectDue();

        assertThat(chat.connect()).contains(send(new ClientRequest.Join("lobby", "alice", 42L)));
    }

    @Test
    void notRecoveredJoinWarnsThatSomeMessagesAreGone() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice");
        chat.receive(new ServerEvent.Joined("lobby", List.of("alice"), false));

        assertThat(chat.entries()).anyMatch(e -> e.kind() == Entry.Kind.WARNING && e.text().contains("no longer"));
    }

    @Test
    void scrollingPastTheTopAsksForTheOlderPageAndStopsWhenThereIsNoMore() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice", "bob");
        for (long id = 101; id <= 110; id++) {
            chat.receive(msg(id, "bob", "m" + id, true));
        }
        List<Effect> effects = chat.press(KeyKind.PAGE_UP);
        assertThat(effects).containsExactly(send(ClientRequest.History.before(101, 100)));
        assertThat(chat.press(KeyKind.PAGE_UP)).as("one request at a time").isEmpty();

        chat.receive(new ServerEvent.HistoryPage("lobby", page(1, 100), false));

        List<Long> ids = chat.entries().stream().filter(Entry::isMessage).map(Entry::id).toList();
        assertThat(ids).hasSize(110).isSorted();
        assertThat(chat.press(KeyKind.SCROLL_TOP)).as("the start of the history was reached").isEmpty();
    }

    @Test
    void anOlderPageWithMoreLetsTheNextScrollAskAgain() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice", "bob");
        chat.receive(msg(300, "bob", "latest", true));
        chat.press(KeyKind.PAGE_UP);
        chat.receive(new ServerEvent.HistoryPage("lobby", page(200, 299), true));

        assertThat(chat.press(KeyKind.SCROLL_TOP)).containsExactly(send(ClientRequest.History.before(200, 100)));
    }

    @Test
    void laggedGapIsFetchedPageByPageAndFilledInOrder() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice", "bob");
        chat.receive(msg(1, "bob", "first", false));
        List<Effect> effects = chat.receive(mychat.protocol.ServerEvent.Error.lagged(250, 2, 251));
        assertThat(effects).containsExactly(send(ClientRequest.History.after(1, 200)));
        chat.receive(msg(252, "bob", "after the gap", false));

        List<Effect> next = chat.receive(new ServerEvent.HistoryPage("lobby", page(2, 201), true));
        assertThat(next).containsExactly(send(ClientRequest.History.after(201, 50)));
        assertThat(chat.receive(new ServerEvent.HistoryPage("lobby", page(202, 251), true))).isEmpty();

        List<Long> ids = chat.entries().stream().filter(Entry::isMessage).map(Entry::id).toList();
        assertThat(ids).hasSize(252).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void ourOwnLineConfirmedThroughTheReplayIsNotLeftPending() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice");
        List<Effect> sent = chat.enter("hello?");
        String cid = ((ClientRequest.SendMsg) ((Effect.Send) sent.getFirst()).request()).cid();
        chat.disconnect();
        chat.reconnectDue();
        chat.connect();
        chat.receive(new ServerEvent.Joined("lobby", List.of("alice"), true));

        chat.receive(new ServerEvent.Message("lobby", 5, "alice", "hello?", 99, true, cid));

        assertThat(chat.entries()).noneMatch(e -> e.kind() == Entry.Kind.PENDING);
        assertThat(chat.entries()).filteredOn(e -> "hello?".equals(e.text())).hasSize(1);
    }
}
