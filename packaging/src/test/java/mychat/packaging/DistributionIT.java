package mychat.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import mychat.server.ProcessOutput;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installable archive, tried as an operator would: built by {@code packaging/build-dist.sh} from the packaged
 * jars, unpacked into a temporary directory and run with a {@code PATH} that has no {@code java}.
 */
class DistributionIT {
    private static final Path ROOT = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    private static final String VERSION = System.getProperty("project.version");
    private static final String FOLDER = "my-chat-" + VERSION;
    private static final Pattern LISTENING = Pattern.compile("listening on [^ ]+:(\\d+) ");
    /**
     * The only programs the packaged ones may take from {@code PATH}: the launchers' ({@code sh}, {@code dirname},
     * {@code readlink}) and those the client's terminal library runs ({@code stty}, {@code tty}).
     */
    private static final List<String> PATH_TOOLS = List.of("sh", "dirname", "readlink", "stty", "tty");

    @TempDir
    static Path dir;
    private static Path archive;
    private static Path noJavaPath;

    @BeforeAll
    static void buildArchive() throws Exception {
        Process build = new ProcessBuilder(ROOT.resolve("packaging/build-dist.sh").toString(),
                dir.resolve("dist").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("build.log").toFile()).start();
        build.getOutputStream().close();
        assertThat(build.waitFor(5, TimeUnit.MINUTES)).as("build-dist.sh finished").isTrue();
        assertThat(build.exitValue()).as("build-dist.sh:\n" + Files.readString(dir.resolve("build.log"))).isZero();
        archive = dir.resolve("dist").resolve(FOLDER + ".tar.gz");
        assertThat(archive).isRegularFile();

        noJavaPath = Files.createDirectories(dir.resolve("tools"));
        for (String tool : PATH_TOOLS) {
            Files.copy(which(tool), noJavaPath.resolve(tool), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
    }

    @Test
    void archiveHoldsOneFolderNamedAfterTheBuildVersion() throws Exception {
        List<String> entries = exec(List.of("tar", "-tzf", archive.toString())).lines().toList();
        assertThat(entries).isNotEmpty().allMatch(e -> e.equals(FOLDER + "/") || e.startsWith(FOLDER + "/"));
        assertThat(entries).contains(FOLDER + "/bin/my-chat-server", FOLDER + "/bin/my-chat",
                FOLDER + "/runtime/bin/java", FOLDER + "/lib/my-chat-server.jar", FOLDER + "/lib/my-chat-client.jar",
                FOLDER + "/etc/my-chat.service", FOLDER + "/etc/my-chat.env");
        if (Runtime.version().feature() >= 25) {
            assertThat(entries).contains(FOLDER + "/lib/my-chat-server.aot");
        }
    }

    @Test
    void bothProgramsPrintTheBuildVersionWithoutJavaOnThePath() throws Exception {
        Path home = unpack("version");
        assertThat(exec(List.of(home.resolve("bin/my-chat-server").toString(), "--version"), noJavaEnv()))
                .isEqualTo("my-chat-server " + VERSION + "\n");
        assertThat(exec(List.of(home.resolve("bin/my-chat").toString(), "--version"), noJavaEnv()))
                .isEqualTo("my-chat " + VERSION + "\n");
    }

    @Test
    void packagedServerAndClientChatWithoutJavaOnThePathAndSigtermExitsZero() throws Exception {
        assertThat(Stream.of(noJavaPath.toFile().list())).doesNotContain("java");
        Path home = unpack("chat");
        Path data = dir.resolve("chat-data");
        try (Terminal terminal = new Terminal()) {
            Server server = Server.start(home, data);
            assertThat(server.process.info().command()).as("the bundled runtime runs the server")
                    .hasValue(home.resolve("runtime/bin/java").toString());
            assertThat(server.output()).contains("my-chat server " + VERSION + " on Java");
            if (Files.exists(home.resolve("lib/my-chat-server.aot"))) {
                assertThat(Files.readString(Path.of("/proc", String.valueOf(server.process.pid()), "maps")))
                        .as("the packaged AOT cache is used where the archive was unpacked")
                        .contains(home.resolve("lib/my-chat-server.aot").toString());
            }

            terminal.run("alice", client(home, server.port, "alice"));
            terminal.awaitText("alice", "you are in lobby as alice");
            terminal.run("bob", client(home, server.port, "bob"));
            terminal.awaitText("bob", "you are in lobby as bob");
            terminal.typeLine("alice", "hello from the archive");
            terminal.awaitText("bob", "<alice> hello from the archive");
            terminal.typeLine("bob", "hi alice");
            terminal.awaitText("alice", "<bob> hi alice");

            server.stopAndExpectExitZero();
        }
    }

    @Test
    void anUpgradedInstallationKeepsTheHistory() throws Exception {
        Path data = dir.resolve("upgrade-data");
        try (Terminal terminal = new Terminal()) {
            Path before = unpack("before-upgrade");
            Server old = Server.start(before, data);
            terminal.run("alice", client(before, old.port, "alice"));
            terminal.awaitText("alice", "you are in lobby as alice");
            terminal.typeLine("alice", "said before the upgrade");
            terminal.awaitText("alice", "<alice> said before the upgrade");
            old.stopAndExpectExitZero();

            Path after = unpack("after-upgrade");
            Server upgraded = Server.start(after, data);
            terminal.run("bob", client(after, upgraded.port, "bob"));
            terminal.awaitText("bob", "<alice> said before the upgrade");
            upgraded.stopAndExpectExitZero();
        }
    }

    @Test
    void systemdUnitPassesSystemdAnalyzeVerify() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemd-analyze")), "systemd-analyze is not installed here");
        Path home = unpack("systemd");
        // The unit names the installed path; point it at this unpacked copy so that ExecStart is checked for real.
        String unit = Files.readString(home.resolve("etc/my-chat.service"))
                .replace("/opt/my-chat/", home + "/");
        Path copy = Files.writeString(dir.resolve("my-chat.service"), unit);
        Process verify = new ProcessBuilder("/usr/bin/systemd-analyze", "verify", copy.toString())
                .redirectErrorStream(true).start();
        String out = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(verify.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(verify.exitValue()).as(out).isZero();
        // verify only warns (exit 0) about unknown keys and bad values: any word about the unit is a failure
        assertThat(out).as("systemd-analyze verify output").doesNotContain(copy.toString());
        assertThat(unit).contains("NoNewPrivileges=yes", "ProtectSystem=strict", "StateDirectory=my-chat",
                "User=my-chat");
    }

    @Test
    void sampleEnvironmentFileListsEveryServerVariableWithItsDefault() throws Exception {
        String env = Files.readString(ROOT.resolve("packaging/src/dist/etc/my-chat.env"));
        String config = Files.readString(ROOT.resolve("server/src/main/java/mychat/server/ServerConfig.java"));
        Map<String, String> defaults = new LinkedHashMap<>();
        Matcher m = Pattern.compile("r\\.get\\(\"(CHAT_[A-Z_]+)\",\\s*(\"([^\"]*)\"|[^,]+),").matcher(config);
        while (m.find()) {
            defaults.put(m.group(1), m.group(3)); // null: computed at run time
        }
        assertThat(defaults).hasSizeGreaterThan(20);
        List<String> wrong = new ArrayList<>();
        defaults.forEach((name, value) -> {
            String line = "#" + name + "=" + (value == null ? "" : value);
            if (!env.lines().anyMatch(l -> value == null ? l.startsWith(line) : l.equals(line))) {
                wrong.add(line);
            }
        });
        assertThat(wrong).as("lines missing from my-chat.env").isEmpty();
    }

    private static Path unpack(String name) throws Exception {
        Path target = Files.createDirectories(dir.resolve(name));
        exec(List.of("tar", "-xzf", archive.toString(), "-C", target.toString()));
        return target.resolve(FOLDER);
    }

    private static Map<String, String> noJavaEnv() {
        return Map.of("PATH", noJavaPath.toString(), "HOME", dir.toString(), "LANG", "C.UTF-8");
    }

    /** The packaged client in a terminal, joined to lobby, with no java on its PATH. */
    private static List<String> client(Path home, int port, String nick) {
        return List.of("/usr/bin/env", "-i", "PATH=" + noJavaPath, "HOME=" + dir, "TERM=screen-256color",
                "LANG=C.UTF-8", home.resolve("bin/my-chat").toString(), "ws://127.0.0.1:" + port,
                "--nick", nick, "--room", "lobby");
    }

    private static Path which(String tool) {
        return Stream.of("/usr/bin", "/bin").map(d -> Path.of(d, tool)).filter(Files::isExecutable)
                .map(DistributionIT::realPath).findFirst()
                .orElseThrow(() -> new IllegalStateException(tool + " not found"));
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String exec(List<String> command) throws Exception {
        return exec(command, null);
    }

    private static String exec(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (env != null) {
            pb.environment().clear();
            pb.environment().putAll(env);
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ":\n" + out).isZero();
        return out;
    }

    /** {@code bin/my-chat-server} from an unpacked archive, on an ephemeral port, its output merged and queued. */
    private static final class Server {
        private final Process process;
        private final ProcessOutput out;
        private int port;

        private Server(Process process) {
            this.process = process;
            this.out = new ProcessOutput(process);
        }

        static Server start(Path home, Path data) throws Exception {
            ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/my-chat-server").toString())
                    .redirectErrorStream(true);
            pb.environment().clear();
            pb.environment().putAll(noJavaEnv());
            pb.environment().putAll(Map.of("CHAT_ADDR", "127.0.0.1:0", "CHAT_ADMIN_ADDR", "off",
                    "CHAT_DATA_DIR", data.toString()));
            Server server = new Server(pb.start());
            server.process.getOutputStream().close();
            server.awaitPort();
            return server;
        }

        private void awaitPort() throws InterruptedException {
            Matcher m = out.await(LISTENING, Duration.ofSeconds(30));
            if (m == null) {
                process.destroyForcibly();
                throw new AssertionError("the server did not start:\n" + output());
            }
            port = Integer.parseInt(m.group(1));
        }

        String output() {
            return out.text();
        }

        /** SIGTERM, as systemd stops it. */
        void stopAndExpectExitZero() throws InterruptedException {
            process.destroy();
            assertThat(process.waitFor(15, TimeUnit.SECONDS)).as("stopped within 15 s").isTrue();
            assertThat(process.exitValue()).as("exit code after SIGTERM:\n" + output()).isZero();
        }
    }
}
