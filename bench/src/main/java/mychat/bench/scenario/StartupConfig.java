package mychat.bench.scenario;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Settings of a start-up run: launch {@code command} (inheriting the environment), and time until a TCP connection
 * to {@code host:port} succeeds. The server's output goes to {@code log} (or is discarded), never to our stdout.
 */
public record StartupConfig(List<String> command, String host, int port, Duration timeout, Path log,
                            Map<String, String> tags) {
    public StartupConfig {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("give the server command after --");
        }
        command = List.copyOf(command);
        tags = Map.copyOf(tags);
    }
}
