package mychat.client.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.util.List;
import mychat.protocol.ClientRequest;
import mychat.protocol.ServerEvent;
import org.junit.jupiter.api.Test;

/** Several rooms at once: windows, switching keys, unread and mention counts, the bell, /join, /part, /save. */
class WorkspaceTest {
    private final Workspace desk = new Workspace("ws://test/", "alice", List.of("lobby", "books"), true,
            ZoneOffset.UTC, () -> ChatDriver.NOW);

    private long window(int index) {
        return desk.windows().get(index).id();
    }

    /** Window {@code index} is connected and in its room. */
    private void joined(int index, String room) {
        desk.handle(window(index), new Input.Connected());
        desk.handle(window(index), new Input.Received(new ServerEvent.Joined(room, List.of("alice", "bob"))));
    }

    private List<Workspace.Routed> said(int index, String room, long id, String text) {
        return desk.handle(window(index), new Input.Received(
                new ServerEvent.Message(room, id, "bob", text, ChatDriver.NOW, false, null)));
    }

    private List<Workspace.Routed> enter(String line) {
        desk.handle(Input.Key.typed(line));
        return desk.handle(Input.Key.of(KeyKind.ENTER));
    }

    @Test
    void roomsGivenAtStartOpenOneWindowEachAndTheOthersConnect() {
        assertThat(desk.windows()).extracting(w -> w.model().target().orElseThrow()).containsExactly("lobby", "books");
        assertThat(desk.start()).contains(new Workspace.Routed(window(1), new Effect.Connect()));
        assertThat(desk.current().target()).contains("lobby");
    }

    @Test
    void aMessageInARoomNotInViewCountsAsUnreadAndAMentionRingsTheBell() {
        joined(0, "lobby");
        joined(1, "books");

        assertThat(said(1, "books", 1, "anyone reading?")).noneMatch(r -> r.effect() instanceof Effect.Bell);
        assertThat(said(1, "books", 2, "alice: page 12")).contains(new Workspace.Routed(window(1), new Effect.Bell()));
        said(0, "lobby", 1, "alice, hi"); // in view: no count

        ChatModel books = desk.windows().get(1).model();
        assertThat(books.unread()).isEqualTo(2);
        assertThat(books.mentions()).isEqualTo(1);
        assertThat(desk.current().unread()).isZero();
        assertThat(desk.title()).isEqualTo("my-chat · lobby · 2 unread · 1 mention");
    }

    @Test
    void bellOffStopsTheBellButNotTheCounts() {
        joined(0, "lobby");
        joined(1, "books");
        enter("/set bell off");

        assertThat(said(1, "books", 1, "alice?")).noneMatch(r -> r.effect() instanceof Effect.Bell);
        assertThat(desk.windows().get(1).model().mentions()).isEqualTo(1);
    }

    @Test
    void altNumberAndAltArrowsSwitchRoomsAndSeeingARoomClearsItsCounts() {
        joined(0, "lobby");
        joined(1, "books");
        said(1, "books", 1, "hello");

        desk.handle(new Input.Key(KeyKind.GO_TO_ROOM, "2"));
        assertThat(desk.current().target()).contains("books");
        assertThat(desk.current().unread()).isZero();

        desk.handle(Input.Key.of(KeyKind.NEXT_ROOM));
        assertThat(desk.current().target()).contains("lobby");
        desk.handle(Input.Key.of(KeyKind.PREVIOUS_ROOM));
        assertThat(desk.current().target()).contains("books");
        desk.handle(new Input.Key(KeyKind.GO_TO_ROOM, "9")); // no such window: nothing happens
        assertThat(desk.current().target()).contains("books");
    }

    @Test
    void eachRoomKeepsItsOwnInputDraft() {
        desk.handle(Input.Key.typed("half a thought"));
        desk.handle(new Input.Key(KeyKind.GO_TO_ROOM, "2"));
        assertThat(desk.current().editor().text()).isEmpty();

        desk.handle(new Input.Key(KeyKind.GO_TO_ROOM, "1"));
        assertThat(desk.current().editor().text()).isEqualTo("half a thought");
    }

    @Test
    void joinOfANewRoomOpensAWindowWithItsOwnConnectionAndJoinOfAnOpenRoomSwitchesToIt() {
        joined(0, "lobby");

        List<Workspace.Routed> effects = enter("/join music");

        assertThat(desk.windows()).hasSize(3);
        assertThat(desk.current().target()).contains("music");
        assertThat(effects).contains(new Workspace.Routed(window(2), new Effect.Connect()));
        enter("/join lobby");
        assertThat(desk.activeIndex()).isZero();
        assertThat(desk.windows()).hasSize(3);
    }

    @Test
    void aNickChosenWithNickIsTheNickOfTheNextRoomJoined() {
        joined(0, "lobby");
        enter("/nick al");

        enter("/join music");

        assertThat(desk.handle(window(2), new Input.Connected())).contains(new Workspace.Routed(window(2),
                new Effect.Send(new ClientRequest.Join("music", "al"))));
    }

    @Test
    void partLeavesTheRoomAndClosesItsWindowButTheLastWindowStays() {
        joined(0, "lobby");
        joined(1, "books");
        long books = window(1);

        List<Workspace.Routed> effects = enter("/part books");

        assertThat(effects).containsSubsequence(
                new Workspace.Routed(books, new Effect.Send(new ClientRequest.Leave())),
                new Workspace.Routed(books, new Effect.CloseConnection()));
        assertThat(desk.windows()).hasSize(1);
        assertThat(enter("/part")).contains(new Workspace.Routed(window(0),
                new Effect.Send(new ClientRequest.Leave())));
        assertThat(desk.windows()).hasSize(1);
        assertThat(desk.current().room()).isEmpty();
    }

    @Test
    void saveAsksToWriteTheOpenRooms() {
        assertThat(enter("/save")).contains(new Workspace.Routed(window(0),
                new Effect.SaveRooms(List.of("lobby", "books"))));
    }

    @Test
    void quittingLeavesEveryRoom() {
        joined(0, "lobby");
        joined(1, "books");

        List<Workspace.Routed> effects = desk.handle(Input.Key.of(KeyKind.ESC));

        assertThat(effects).contains(new Workspace.Routed(window(0), new Effect.Send(new ClientRequest.Leave())),
                new Workspace.Routed(window(1), new Effect.Send(new ClientRequest.Leave())));
        assertThat(effects.getLast().effect()).isEqualTo(new Effect.Quit());
    }
}
