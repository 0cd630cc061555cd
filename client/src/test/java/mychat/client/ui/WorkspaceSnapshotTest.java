package mychat.client.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;
import mychat.client.state.ChatDriver;
import mychat.client.state.Input;
import mychat.client.state.Workspace;
import mychat.protocol.ServerEvent;
import org.junit.jupiter.api.Test;

/** A whole screen of two rooms, pinned as text: the room list with its counts, a mention, "is typing…". */
class WorkspaceSnapshotTest {

    @Test
    void twoRoomsWithUnreadAndMentionCountsAndSomeoneTyping() {
        Workspace desk = new Workspace("ws://t/", "alice", List.of("lobby", "books"), true, ZoneOffset.UTC,
                () -> ChatDriver.NOW);
        desk.handle(new Input.Resized(8, 80));
        for (Workspace.Window w : desk.windows()) {
            String room = w.model().target().orElseThrow();
            desk.handle(w.id(), new Input.Connected());
            desk.handle(w.id(), new Input.Received(new ServerEvent.Joined(room, List.of("alice", "bob"))));
            w.model().handle(Input.Key.typed("/clear"));
            w.model().handle(Input.Key.of(mychat.client.state.KeyKind.ENTER));
        }
        long lobby = desk.windows().get(0).id();
        long books = desk.windows().get(1).id();
        desk.handle(lobby, new Input.Received(new ServerEvent.Message("lobby", 1, "bob", "Alice, lunch?",
                ChatDriver.NOW, false, null)));
        desk.handle(books, new Input.Received(new ServerEvent.Message("books", 1, "bob", "chapter 3 done",
                ChatDriver.NOW, false, null)));
        desk.handle(books, new Input.Received(new ServerEvent.Message("books", 2, "bob", "ping alice",
                ChatDriver.NOW, false, null)));
        desk.handle(lobby, new Input.Received(new ServerEvent.Typing("bob")));

        String screen = Renderer.render(desk).text().stream().map(row -> "|" + row + "|\n")
                .collect(Collectors.joining());

        assertThat(screen).isEqualTo("""
                | rooms  F3 hides ▕                                                 ▏ 2 here     |
                |1 lobby          ▕                                                 ▏ alice      |
                |2 books      @1 2▕                                                 ▏ bob        |
                |                 ▕                                                 ▏            |
                |                 ▕                                                 ▏            |
                |                 ▕09:30 <bob> Alice, lunch?                        ▏            |
                |                 ▕ ● connected · ws://t/ · lobby · alice · 2 me… bob is typing… |
                |                 ▕[lobby] |
                """);
    }
}
