package mychat.client.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import mychat.client.state.ChatDriver;
import mychat.protocol.ServerEvent;
import org.junit.jupiter.api.Test;

/**
 * Whole small screens, pinned as text. Each row is framed in {@code |...|} so trailing spaces are visible (the
 * rows above the input line are padded to the full width; the input line is not). Wide characters such as 🎉
 * and 体 take two columns, so their rows look one character short here but are exactly as wide on a terminal.
 */
class RendererSnapshotTest {

    private static String framed(ChatDriver chat) {
        return Renderer.render(chat.model).text().stream()
                .map(row -> "|" + row + "|\n")
                .collect(Collectors.joining());
    }

    @Test
    void aSmallScreenWithoutTheMemberPanel() {
        ChatDriver chat = ChatDriver.sized(8, 50);
        chat.connect();
        chat.joinRoom("lobby", "alice", "bob");
        chat.enter("/clear");
        chat.message("bob", "hi alice! did you see the new release notes?");
        chat.receive(new ServerEvent.UserJoined("carol"));
        chat.message("alice", "yes 🎉 looks great");
        chat.type("carol: welcome");

        assertThat(framed(chat)).isEqualTo("""
                |                                                  |
                |                                                  |
                |09:30 <bob> hi alice! did you see the new release |
                |            notes?                                |
                |09:30 -!- carol joined lobby                      |
                |09:30 <alice> yes 🎉 looks great                  |
                | ● connected · ws://test/ · lobby · alice… ? help |
                |[lobby] carol: welcome|
                """);
        Renderer.Frame frame = Renderer.render(chat.model);
        assertThat(frame.cursorRow()).isEqualTo(7);
        assertThat(frame.cursorCol()).isEqualTo("[lobby] carol: welcome".length());
    }

    @Test
    void aSmallScreenWithTheMemberPanel() {
        ChatDriver chat = ChatDriver.sized(8, 60);
        chat.connect();
        chat.joinRoom("books", "alice", "bob", "carol");
        chat.enter("/clear");
        chat.message("bob", "has anyone read 三体 (The Three-Body Problem)?");
        chat.message("carol", "yes! twice");
        chat.receive(ServerEvent.Error.lagged(3, 10, 12));

        assertThat(framed(chat)).isEqualTo("""
                |                                               ▏ 3 here     |
                |09:30 <bob> has anyone read 三体 (The          ▏ alice      |
                |            Three-Body Problem)?               ▏ bob        |
                |09:30 <carol> yes! twice                       ▏ carol      |
                |09:30 -!- you fell behind and missed 3 messages▏            |
                |          — fetching them                      ▏            |
                | ● connected · ws://test/ · books · alice · 3 membe… ? help |
                |[books] |
                """);
    }
}
