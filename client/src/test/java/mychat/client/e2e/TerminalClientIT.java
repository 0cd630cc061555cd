package mychat.client.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mychat.protocol.ServerEvent;
import mychat.server.ChatServer;
import mychat.server.ServerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged client in a real terminal (tmux) against a real server, used the way a person would. */
class TerminalClientIT {
    private ChatServer server;
    private Tmux tmux;
    private String url;

    @BeforeEach
    void start() throws Exception {
        server = ChatServer.start(ServerConfig.forTests());
        url = "ws://127.0.0.1:" + server.port();
        tmux = new Tmux();
    }

    @AfterEach
    void stop() {
        tmux.close();
        if (server != null) {
            server.close();
        }
    }

    /**
     * Runs alice's client in a new pane after saving the terminal's modes ({@code stty -g}) to {@code before}, and,
     * when {@code after} is given, prints its exit code and saves the modes again to {@code after} once it exits.
     */
    private Tmux.Pane clientBetweenModeSnapshots(Path before, Path after, String... moreArgs) {
        Tmux.Pane pane = tmux.open("alice", 100, 30);
        List<String> args = new ArrayList<>(List.of(url, "--nick", "alice"));
        args.addAll(List.of(moreArgs));
        String line = "stty -g > " + before + "; " + ClientProcess.commandLine(args.toArray(String[]::new));
        pane.typeLine(after == null ? line : line + "; echo EXIT=$?; stty -g > " + after);
        return pane;
    }

    /** As above, with alice joined to lobby: returns once the client says so. */
    private Tmux.Pane clientInLobbyBetweenModeSnapshots(Path before, Path after) {
        Tmux.Pane pane = clientBetweenModeSnapshots(before, after, "--room", "lobby");
        pane.awaitText("you are in lobby as alice");
        return pane;
    }

    /** Waits for the shell to write {@code snapshot}, then checks it holds the same modes as {@code before}. */
    private static void assertSameModes(Tmux.Pane pane, Path snapshot, Path before) throws IOException {
        pane.awaitScreen(s -> Files.exists(snapshot));
        assertThat(Files.readString(snapshot)).isEqualTo(Files.readString(before));
    }

    private Tmux.Pane client(String nick, String... moreArgs) {
        Tmux.Pane pane = tmux.open(nick, 100, 30);
        String[] args = new String[moreArgs.length + 3];
        args[0] = url;
        args[1] = "--nick";
        args[2] = nick;
        System.arraycopy(moreArgs, 0, args, 3, moreArgs.length);
        pane.typeLine(ClientProcess.commandLine(args) + "; echo EXIT=$?");
        pane.awaitText("connected to " + url);
        return pane;
    }

    @Test
    void twoPeopleChatAndSeeEachOthersJoinsMessagesAndLeaves() {
        Tmux.Pane alice = client("alice");
        alice.typeLine("/join lobby");
        alice.awaitText("you are in lobby as alice");

        Tmux.Pane bob = client("bob", "--room", "lobby");
        bob.awaitText("you are in lobby as bob — 2 members: alice, bob");
        alice.awaitText("bob joined lobby");
        alice.awaitText("lobby · alice · 2 members");

        bob.typeLine("hello alice 👋 你好");
        alice.awaitText("<bob> hello alice 👋 你好");
        bob.awaitText("<bob> hello alice 👋 你好");
        alice.typeLine("hi bob");
        bob.awaitText("<alice> hi bob");

        bob.typeLine("/leave");
        bob.awaitText("you left lobby");
        alice.awaitText("bob left lobby");
        alice.awaitText("lobby · alice · 1 member");
    }

    @Test
    void roomsCommandListsRoomsJoinOpensAnotherRoomAndPartClosesOne() throws Exception {
        try (Bot librarian = Bot.joined(server.port(), "books", "librarian")) {
            Tmux.Pane alice = client("alice");
            alice.type("/ro");
            alice.keys("Tab");
            alice.awaitText("[-] /rooms");
            alice.keys("Enter");
            alice.awaitText("rooms (1): books");

            alice.typeLine("/join books");
            alice.awaitText("you are in books as alice — 2 members: alice, librarian");
            librarian.await(ServerEvent.UserJoined.class, u -> u.nick().equals("alice"));

            alice.typeLine("/join music"); // a second window: alice stays in books
            alice.awaitText("you are in music as alice");
            alice.awaitScreen(s -> s.contains("1 books") && s.contains("2 music") && s.contains("[music]"));

            alice.typeLine("/part books");
            librarian.await(ServerEvent.UserLeft.class, u -> u.nick().equals("alice"));
            alice.awaitScreen(s -> !s.contains("1 books") && s.contains("1 music"));

            alice.typeLine("/leave");
            alice.awaitText("you left music");
            alice.awaitText("[-]");
            alice.typeLine("/rooms");
            alice.awaitScreen(s -> s.contains("rooms (1): books") && s.lastIndexOf("rooms (1): books")
                    > s.indexOf("you left music"));
        }
    }

    @Test
    void scrollingBackShowsOlderLinesAndEndReturnsToTheNewest() throws Exception {
        Tmux.Pane alice = client("alice", "--room", "log");
        alice.awaitText("you are in log as alice");
        try (Bot chatty = Bot.joined(server.port(), "log", "chatty")) {
            for (int i = 1; i <= 80; i++) {
                chatty.say(String.format("msg-%03d", i));
            }
            chatty.await(ServerEvent.Message.class, m -> m.text().equals("msg-080"));
            alice.awaitText("msg-080");
            assertThat(alice.screen()).doesNotContain("msg-040");

            alice.keys("PageUp");
            String scrolled = alice.awaitText("more below");
            assertThat(scrolled).contains("msg-040").doesNotContain("msg-080");

            alice.keys("Home");
            alice.awaitText("msg-001");

            chatty.say("msg-081");
            alice.awaitText("more below: 1 new message");

            alice.keys("End");
            alice.awaitScreen(s -> s.contains("msg-081") && !s.contains("more below"));
        }
    }

    @Test
    void questionMarkOpensHelpWithEveryCommandAndEscClosesIt() {
        Tmux.Pane alice = client("alice");
        alice.type("?");
        String help = alice.awaitText("my-chat help");
        assertThat(help).contains("/join <room>", "/leave", "/rooms", "/nick <name>", "/quit", "PageUp", "Tab",
                "Ctrl-W", "Esc");
        alice.keys("Escape");
        alice.awaitScreen(s -> !s.contains("my-chat help") && s.contains("connected to"));
        alice.typeLine("still here?");
        alice.awaitText("you are not in a room");
    }

    @Test
    void escLeavesTheRoomExitsAndRestoresTheTerminalExactly(@TempDir Path dir) throws Exception {
        try (Bot witness = Bot.joined(server.port(), "lobby", "witness")) {
            Path before = dir.resolve("before");
            Path after = dir.resolve("after");
            Tmux.Pane pane = clientInLobbyBetweenModeSnapshots(before, after);
            witness.await(ServerEvent.UserJoined.class, u -> u.nick().equals("alice"));

            pane.keys("Escape");
            witness.await(ServerEvent.UserLeft.class, u -> u.nick().equals("alice"));
            String shell = pane.awaitText("EXIT=0");
            assertThat(shell).contains("stty -g >").doesNotContain("connected to");
            assertSameModes(pane, after, before);
        }
    }

    /**
     * Repeated: Ctrl-C pressed while the key reader was between reads used to leave VMIN/VTIME (or the whole raw
     * mode) set after exit, in about one run of five.
     */
    @RepeatedTest(5)
    void ctrlCAlsoLeavesAndRestoresTheTerminal(@TempDir Path dir) throws Exception {
        Path before = dir.resolve("before");
        Path after = dir.resolve("after");
        Tmux.Pane pane = clientBetweenModeSnapshots(before, after);
        pane.awaitText("connected to");
        pane.keys("C-c");
        pane.awaitText("EXIT=0");
        assertSameModes(pane, after, before);
    }

    @Test
    void ctrlZHandsTheTerminalBackToTheShellAndFgResumesTheChat(@TempDir Path dir) throws Exception {
        try (Bot witness = Bot.joined(server.port(), "lobby", "witness")) {
            Path before = dir.resolve("before");
            Path during = dir.resolve("during");
            Tmux.Pane pane = clientInLobbyBetweenModeSnapshots(before, null);

            pane.keys("C-z");
            String shell = pane.awaitText("Stopped");
            assertThat(shell).doesNotContain("● connected"); // the chat screen is gone: the shell's screen is back
            pane.typeLine("stty -g > " + during + "; fg");
            assertSameModes(pane, during, before);

            pane.awaitText("● connected");
            pane.type("?"); // acts without Enter only if the terminal is in raw mode again
            pane.awaitText("my-chat help");
            pane.keys("Escape");
            pane.awaitScreen(screen -> !screen.contains("my-chat help"));
            pane.typeLine("back again");
            witness.await(ServerEvent.Message.class, m -> m.text().equals("back again"));
        }
    }

    @Test
    void serverRestartedUnderAConnectedClientIsReconnectedAndTheRoomRejoined() throws Exception {
        Tmux.Pane alice = client("alice", "--room", "lobby");
        alice.awaitText("you are in lobby as alice");
        int port = server.port();

        server.close();
        alice.awaitText("disconnected, retrying in");
        alice.awaitText("connection lost");

        server = ChatServer.start(ServerConfig.forTests(java.util.Map.of("CHAT_ADDR", "127.0.0.1:" + port)));
        alice.awaitText("reconnected — joining lobby again");
        alice.awaitScreen(s -> s.indexOf("you are in lobby as alice") != s.lastIndexOf("you are in lobby as alice"));
        alice.awaitText("● connected");

        try (Bot bob = Bot.joined(port, "lobby", "bob")) {
            alice.awaitText("bob joined lobby");
            alice.typeLine("back online");
            bob.await(ServerEvent.Message.class, m -> m.from().equals("alice") && m.text().equals("back online"));
        }
    }

    @Test
    void joiningShowsEarlierMessagesThenADividerBeforeNewOnes() throws Exception {
        try (Bot bot = Bot.joined(server.port(), "lobby", "bot")) {
            bot.say("said before you came");
            bot.say("also earlier");
            bot.await(ServerEvent.Message.class, m -> m.text().equals("also earlier"));
            Tmux.Pane alice = client("alice", "--room", "lobby");
            alice.awaitText("also earlier");
            assertThat(alice.screen()).contains("said before you came").doesNotContain("new messages");
            bot.say("said just now");
            String screen = alice.awaitText("said just now");
            assertThat(screen.indexOf("new messages")).isGreaterThan(screen.indexOf("also earlier"))
                    .isLessThan(screen.indexOf("said just now"));
        }
    }

    @Test
    void aLineTypedWhileTheServerIsDownIsSentOnceAfterTheReconnect() throws Exception {
        Tmux.Pane alice = client("alice", "--room", "lobby");
        alice.awaitText("you are in lobby as alice");
        int port = server.port();
        server.close();
        alice.awaitText("disconnected, retrying in");

        alice.typeLine("typed while offline");
        alice.awaitText("  …   <alice> typed while offline");

        server = ChatServer.start(ServerConfig.forTests(java.util.Map.of("CHAT_ADDR", "127.0.0.1:" + port)));
        alice.awaitScreen(s -> s.indexOf("you are in lobby as alice") != s.lastIndexOf("you are in lobby as alice"));
        alice.awaitScreen(s -> !s.contains("  …   <alice>"));
        try (Bot bob = Bot.joined(port, "lobby", "bob")) {
            bob.await(ServerEvent.Message.class, m -> m.text().equals("typed while offline"));
            bob.say("got it");
            alice.awaitText("<bob> got it");
            assertThat(alice.screen().split("typed while offline", -1)).hasSize(2); // shown exactly once
        }
    }

    @Test
    void resizingReflowsMessagesAndBars() throws Exception {
        Tmux.Pane alice = client("alice", "--room", "wide");
        alice.awaitText("you are in wide as alice");
        String longLine = "start " + "lorem ipsum dolor sit amet ".repeat(5) + "finish";
        try (Bot bot = Bot.joined(server.port(), "wide", "bot")) {
            bot.say(longLine);
            alice.awaitText("finish");
            alice.resize(60, 20);
            String narrow = alice.awaitScreen(s -> s.lines().count() == 20 && s.contains("finish")
                    && s.lines().allMatch(l -> mychat.client.state.TextLayout.width(l) <= 60));
            assertThat(narrow).contains("<bot> start lorem");
            alice.resize(100, 30);
            alice.awaitScreen(s -> s.lines().count() == 30 && s.contains("finish"));
        }
    }

    @Test
    void unreachableServerAtStartGivesAClearMessageAndExitCode1() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        Process client = new ProcessBuilder(ClientProcess.command("ws://127.0.0.1:" + closedPort)).start();
        assertThat(client.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String stderr = new String(client.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(client.exitValue()).isEqualTo(1);
        assertThat(stderr).contains("cannot connect to ws://127.0.0.1:" + closedPort + "/")
                .contains("connection refused").doesNotContain("\tat ");
    }
}
