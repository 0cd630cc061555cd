package mychat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code ./run server} and the AOT cache, on the packaged jar (so after {@code package}): it trains a missing or
 * stale cache, starts with a good one, and starts cleanly, without a word about it, when the cache is unusable.
 */
class LauncherAotCacheIT {
    private static final Path ROOT = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    private static final Path BUILT = ROOT.resolve("server/target/my-chat-server.jar");
    /** The copy of the built jar that {@code ./run} starts, named after its content, and its cache beside it. */
    private static final Path JAR = ROOT.resolve(".run/my-chat-server-" + sha1Prefix(BUILT) + ".jar");
    private static final Path CACHE = ROOT.resolve(".run/my-chat-server-" + sha1Prefix(BUILT) + ".aot");
    private static final Pattern LISTENING = Pattern.compile("listening on [^ ]+:(\\d+) ");
    private static final String TRAINING = "training the server's AOT cache";

    /** The first 12 hex digits of the file's SHA-1, as {@code ./run} names its copies. */
    private static String sha1Prefix(Path file) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-1").digest(Files.readAllBytes(file));
            return java.util.HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot read the server jar " + file + " (run after package)", e);
        }
    }

    @Test
    void trainsAMissingCacheUsesAGoodOneAndStartsCleanlyWithABrokenOne() throws Exception {
        Files.deleteIfExists(CACHE);

        Launch first = Launch.start();
        assertThat(first.serves()).as("first start").isTrue();
        assertThat(first.output()).contains(TRAINING);
        assertThat(first.mapsCache()).as("the fresh cache is mapped").isTrue();
        first.stopAndCheck();

        Launch second = Launch.start();
        assertThat(second.serves()).as("second start").isTrue();
        assertThat(second.output()).doesNotContain(TRAINING);
        assertThat(second.mapsCache()).as("the cache is used again").isTrue();
        second.stopAndCheck();

        Files.writeString(CACHE, "not an AOT cache\n".repeat(1000));
        Launch broken = Launch.start();
        assertThat(broken.serves()).as("start with a broken cache").isTrue();
        assertThat(broken.output()).doesNotContain(TRAINING);
        assertThat(broken.mapsCache()).as("the broken cache is not used").isFalse();
        broken.stopAndCheck();

        Files.setLastModifiedTime(CACHE, FileTime.fromMillis(Files.getLastModifiedTime(JAR).toMillis() - 60_000));
        Launch stale = Launch.start();
        assertThat(stale.serves()).as("start after the jar changed").isTrue();
        assertThat(stale.output()).contains(TRAINING);
        assertThat(stale.mapsCache()).as("the new cache is used").isTrue();
        stale.stopAndCheck();
    }

    /** One {@code ./run server} on an ephemeral port with the memory store; its output merged and queued. */
    private static final class Launch {
        private final Process process;
        private final ProcessOutput out;
        private int port;

        private Launch(Process process) {
            this.process = process;
            this.out = new ProcessOutput(process);
        }

        static Launch start() throws IOException {
            ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("run").toString(), "server")
                    .directory(ROOT.toFile()).redirectErrorStream(true);
            pb.environment().keySet().removeIf(k -> k.startsWith("CHAT_") || k.equals("JAVA_OPTS"));
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            pb.environment().put("CHAT_ADDR", "127.0.0.1:0");
            pb.environment().put("CHAT_STORE", "memory");
            pb.environment().put("CHAT_ADMIN_ADDR", "off");
            return new Launch(pb.start());
        }

        /** Waits for the start-up line (training included), then joins a room over a real connection. */
        boolean serves() throws InterruptedException {
            Matcher m = out.await(LISTENING, Duration.ofSeconds(180));
            if (m != null) {
                port = Integer.parseInt(m.group(1));
            }
            if (port == 0) {
                return false;
            }
            try (TestClient client = TestClient.joined(port, "lobby", "alice")) {
                return true;
            }
        }

        /** Whether the server process has the cache file mapped ({@code ./run} execs the JVM: same pid). */
        boolean mapsCache() throws IOException {
            return Files.readString(Path.of("/proc", String.valueOf(process.pid()), "maps")).contains(CACHE.toString());
        }

        String output() {
            return out.text();
        }

        /** SIGTERM; exits 0, and nothing it printed was a warning or an error. */
        void stopAndCheck() throws InterruptedException {
            process.destroy();
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("stopped").isTrue();
            assertThat(process.exitValue()).isZero();
            String out = output();
            assertThat(out.toLowerCase(Locale.ROOT)).as(out).doesNotContain("warn").doesNotContain("error");
        }
    }
}
