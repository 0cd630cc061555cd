package mychat.client.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first steps on a fresh clone: {@code ./run server}, then two {@code ./run client}s started at the
 * same moment. Their builds must take turns, and the running server must keep its jar although the clients' build
 * packages the server module again (the client's tests depend on it).
 */
class ConcurrentLaunchIT {
    /** Builds from nothing on a busy machine take a while. */
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(5);

    @TempDir
    Path temp;
    private final Tmux tmux = new Tmux();

    @AfterEach
    void stop() {
        tmux.close(); // ends the server and the clients with their panes
    }

    /** A copy of the working tree as a clone of it would hold: tracked and untracked files, nothing ignored. */
    private static void freshClone(Path repo, Path target) throws Exception {
        Process git = new ProcessBuilder("git", "-C", repo.toString(), "ls-files", "-z", "--cached", "--others",
                "--exclude-standard").redirectErrorStream(true).start();
        String listing = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(git.waitFor(30, TimeUnit.SECONDS) && git.exitValue() == 0).as("git ls-files: %s", listing).isTrue();
        for (String file : listing.split("\0")) {
            Path from = repo.resolve(file);
            if (file.isEmpty() || !Files.isRegularFile(from)) {
                continue; // deleted in the working tree
            }
            Path to = target.resolve(file);
            Files.createDirectories(to.getParent());
            Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The shell prefix that gives a pane this JDK and the user's Maven repository (the pane's HOME is a temp dir). */
    private static String environment() {
        return "env HOME='" + System.getProperty("user.home") + "' JAVA_HOME='" + System.getProperty("java.home") + "' ";
    }

    private static String digestOfServerCopies(Path clone) throws Exception {
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        try (Stream<Path> files = Files.list(clone.resolve(".run"))) {
            for (Path jar : files.filter(p -> p.getFileName().toString().matches("my-chat-server-.*\\.jar")).sorted()
                    .toList()) {
                sha.update(jar.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                sha.update(Files.readAllBytes(jar));
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    @Test
    void twoClientsStartedAtTheSameMomentOnAFreshCloneBuildInTurnAndLeaveTheRunningServerAlone() throws Exception {
        Path repo = Path.of("..").toAbsolutePath().normalize();
        assertThat(repo.resolve("run")).as("the repository root").isExecutable();
        Path clone = temp.resolve("my-chat");
        freshClone(repo, clone);
        int port = freePort();

        Tmux.Pane server = tmux.open("server", 120, 20);
        server.typeLine("cd '" + clone + "' && " + environment() + "CHAT_ADDR=127.0.0.1:" + port
                + " CHAT_ADMIN_ADDR=off CHAT_DATA_DIR='" + temp.resolve("data") + "' ./run server");
        server.awaitScreen(s -> s.contains("my-chat listening on"), BUILD_TIMEOUT);
        String serverJars = digestOfServerCopies(clone);

        Tmux.Pane alice = tmux.open("alice", 100, 30);
        Tmux.Pane bob = tmux.open("bob", 100, 30);
        String client = "cd '" + clone + "' && " + environment() + "./run client ws://127.0.0.1:" + port;
        alice.typeLine(client + " --nick alice --room lobby; echo EXIT=$?");
        bob.typeLine(client + " --nick bob --room lobby; echo EXIT=$?");

        java.util.regex.Pattern exited = java.util.regex.Pattern.compile("EXIT=\\d");
        alice.awaitScreen(s -> s.contains("you are in lobby as alice") || exited.matcher(s).find(), BUILD_TIMEOUT);
        bob.awaitScreen(s -> s.contains("you are in lobby as bob") || exited.matcher(s).find(), BUILD_TIMEOUT);
        for (Tmux.Pane pane : List.of(alice, bob)) {
            assertThat(pane.screen()).doesNotContainPattern(exited).doesNotContain("Could not replace", "BUILD FAILURE");
        }
        bob.typeLine("hello from a fresh clone");
        alice.awaitText("<bob> hello from a fresh clone");
        assertThat(server.screen()).contains("my-chat listening on").doesNotContain("Exception", "Error");
        assertThat(digestOfServerCopies(clone)).as("the running server's jar").isEqualTo(serverJars);
    }
}
