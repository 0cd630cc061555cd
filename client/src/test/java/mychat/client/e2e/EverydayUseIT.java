package mychat.client.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import mychat.protocol.ClientRequest;
import mychat.protocol.ServerEvent;
import mychat.server.ChatServer;
import mychat.server.ServerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client for everyday use, in tmux against a real server with its default rate limits: bursts and pastes that
 * lose nothing, several rooms with their unread and mention marks, a server restart under two rooms, the settings
 * file.
 */
class EverydayUseIT {
    @TempDir
    Path temp;
    private ChatServer server;
    private final Tmux tmux = new Tmux();

    @AfterEach
    void stop() {
        tmux.close();
        if (server != null) {
            server.close();
        }
    }

    /** A server with every default that matters here (rate limits included), on {@code port} (0: any). */
    private void startServer(int port) throws Exception {
        server = ChatServer.start(ServerConfig.fromEnv(Map.of("CHAT_ADDR", "127.0.0.1:" + port,
                "CHAT_ADMIN_ADDR", "off", "CHAT_DATA_DIR", temp.resolve("data").toString())));
    }

    private String url() {
        return "ws://127.0.0.1:" + server.port();
    }

    private Tmux.Pane client(String nick, String... rooms) {
        Tmux.Pane pane = tmux.open(nick, 110, 30);
        List<String> args = new ArrayList<>(List.of(url(), "--nick", nick));
        for (String room : rooms) {
            args.addAll(List.of("--room", room));
        }
        pane.typeLine(ClientProcess.commandLine(args.toArray(String[]::new)));
        pane.awaitScreen(s -> {
            for (int i = 0; i < rooms.length; i++) { // each window joined: listed without the "joining" mark
                if (!s.contains((i + 1) + " " + rooms[i] + " ") || s.contains(rooms[i] + "…")) {
                    return false;
                }
            }
            return s.contains("you are in " + rooms[0] + " as " + nick);
        });
        return pane;
    }

    /** Whether the room list shows {@code room} with {@code counts} at its right edge. */
    private static boolean listed(String screen, String room, String counts) {
        return Pattern.compile("(?m)^" + Pattern.quote(room) + " +" + Pattern.quote(counts) + "▕").matcher(screen).find();
    }

    private static int count(String screen, String text) {
        return screen.split(Pattern.quote(text), -1).length - 1;
    }

    @Test
    void fortyLinesTypedAtOnceAllArriveOnceInOrderAndQuestionMarkThenOpensHelp() throws Exception {
        startServer(0);
        try (Bot bob = Bot.joined(server.port(), "lobby", "bob")) {
            Tmux.Pane alice = client("alice", "lobby");
            List<String> lines = IntStream.rangeClosed(1, 40).mapToObj(i -> "burst line " + i).toList();
            List<String> keys = new ArrayList<>();
            for (String line : lines) {
                keys.add(line);
                keys.add("Enter");
            }
            keys.add("?");
            alice.keys(keys.toArray(String[]::new)); // one tmux command: the 40 lines arrive as fast as a paste

            alice.awaitText("my-chat help");
            assertThat(bob.linesFrom("alice", "burst line 40")).isEqualTo(lines);
            alice.keys("Escape");
            alice.awaitScreen(s -> s.contains("<alice> burst line 40") && !s.contains("slow down"));
        }
    }

    @Test
    void aBracketedPasteIsOneMessageWithItsLineBreaksAndALongOneSplitsInOrderAfterAsking() throws Exception {
        startServer(0);
        try (Bot bob = Bot.joined(server.port(), "lobby", "bob")) {
            Tmux.Pane alice = client("alice", "lobby");
            String snippet = String.join("\n", IntStream.rangeClosed(1, 40).mapToObj(i -> "pasted " + i).toList());
            alice.paste(snippet);
            alice.awaitText("pasted 39↵pasted 40"); // the input line, one message with its line breaks
            alice.keys("Enter");
            assertThat(bob.linesFrom("alice", snippet)).containsExactly(snippet);
            alice.awaitText("pasted 40");

            String longSnippet = String.join("\n", IntStream.rangeClosed(1, 100)
                    .mapToObj(i -> "long snippet line " + i + " " + "=".repeat(30)).toList());
            alice.paste(longSnippet);
            alice.keys("Enter");
            alice.awaitText("send it as 3 messages");
            alice.keys("Enter");
            List<String> parts = bob.linesFrom("alice", text -> text.endsWith("long snippet line 100 " + "=".repeat(30)));
            assertThat(parts).hasSize(3);
            assertThat(String.join("\n", parts)).isEqualTo(longSnippet);
        }
    }

    @Test
    void twoRoomsShowUnreadAndMentionMarksAndAltNumbersSwitchBetweenThem() throws Exception {
        startServer(0);
        try (Bot bob = Bot.joined(server.port(), "books", "bob")) {
            Tmux.Pane alice = client("alice", "lobby", "books");
            alice.keys("M-1");
            alice.awaitText("[lobby]");

            bob.say("anyone reading?");
            alice.awaitScreen(s -> listed(s, "2 books", "1"));
            bob.say("alice: page 12 is great");
            alice.awaitScreen(s -> listed(s, "2 books", "@1 2"));
            assertThat(alice.title()).isEqualTo("my-chat · lobby · 2 unread · 1 mention");
            assertThat(alice.screen()).doesNotContain("page 12"); // it happened in the room not in view

            alice.keys("M-2");
            String books = alice.awaitText("[books]");
            assertThat(books).contains("<bob> alice: page 12 is great").doesNotContain("@1");
            assertThat(alice.title()).isEqualTo("my-chat · books");
            alice.keys("M-Left");
            alice.awaitText("[lobby]");
            alice.keys("M-Right");
            alice.awaitText("[books]");
            alice.keys("F3");
            alice.awaitScreen(s -> !s.contains("F3 hides"));
            alice.keys("F3");
            alice.awaitText("F3 hides");
        }
    }

    @Test
    void aServerRestartUnderAClientInTwoRoomsBringsBothBackWithNothingLostOrDoubled() throws Exception {
        startServer(0);
        int port = server.port();
        Tmux.Pane alice = client("alice", "lobby", "books");
        try (Bot bob = Bot.joined(port, "books", "bob")) {
            bob.say("before the restart");
            alice.awaitScreen(s -> listed(s, "2 books", "1"));
            alice.typeLine("lobby line before");
            alice.awaitText("<alice> lobby line before");
        }

        server.close();
        alice.awaitText("disconnected, retrying in");
        alice.typeLine("typed while the server was down");
        startServer(port);
        alice.awaitScreen(s -> count(s, "you are in lobby as alice") == 2 && s.contains("● connected"));

        try (Bot carol = Bot.joined(port, "books", "carol")) {
            carol.say("after the restart");
            alice.keys("M-2");
            String books = alice.awaitText("<carol> after the restart");
            assertThat(count(books, "<bob> before the restart")).isEqualTo(1);
            alice.keys("M-1");
            String lobby = alice.awaitText("[lobby]");
            assertThat(count(lobby, "lobby line before")).isEqualTo(1);
            assertThat(count(lobby, "typed while the server was down")).isEqualTo(1);

            Bot reader = Bot.joined(port, "lobby", "reader");
            reader.send(ClientRequest.History.newest(50));
            ServerEvent.HistoryPage page = reader.await(ServerEvent.HistoryPage.class, p -> true);
            assertThat(page.messages()).extracting(ServerEvent.Message::text)
                    .containsExactly("lobby line before", "typed while the server was down");
            reader.close();
        }
    }

    @Test
    void theSettingsFileChoosesServerNickAndRoomsAndSaveWritesTheRoomsOpen() throws Exception {
        startServer(0);
        Path config = temp.resolve("xdg/my-chat/config");
        Files.createDirectories(config.getParent());
        Files.writeString(config, "# mine\nserver = " + url() + "\nnick = zoe\nrooms = lobby books\nbell = off\n");
        Tmux.Pane zoe = tmux.open("zoe", 110, 30);
        zoe.typeLine("XDG_CONFIG_HOME=" + temp.resolve("xdg") + " " + ClientProcess.commandLine());

        zoe.awaitText("you are in lobby as zoe");
        zoe.awaitScreen(s -> s.contains("1 lobby") && s.contains("2 books"));
        zoe.typeLine("/join music");
        zoe.awaitText("you are in music as zoe");
        zoe.typeLine("/save");
        zoe.awaitText("saved: lobby books music");

        assertThat(Files.readString(config)).isEqualTo("# mine\nserver = " + url()
                + "\nnick = zoe\nrooms = lobby books music\nbell = off\n");
    }
}
