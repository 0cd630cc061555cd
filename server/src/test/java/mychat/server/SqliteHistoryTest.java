package mychat.server;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;

class SqliteHistoryTest extends HistoryContract {
    @RegisterExtension
    static final RunningServer running = new RunningServer(
            java.util.Map.of("CHAT_STORE", "sqlite", "CHAT_DATA_DIR", tempDir().toString()));

    @Override
    RunningServer running() {
        return running;
    }

    private static Path tempDir() {
        try {
            Path dir = Files.createTempDirectory("mychat-history-");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
