package mychat.server;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One in-process server on an ephemeral loopback port for a whole test class:
 * {@code @RegisterExtension static final RunningServer server = new RunningServer();}
 */
final class RunningServer implements BeforeAllCallback, AfterAllCallback {
    private final Map<String, String> env;
    private final AtomicInteger rooms = new AtomicInteger();
    private ChatServer server;

    RunningServer() {
        this(Map.of());
    }

    /** A server configured with these environment variables on top of {@link ServerConfig#forTests()}. */
    RunningServer(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = ChatServer.start(ServerConfig.forTests(env));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        server.close();
    }

    int port() {
        return server.port();
    }

    ChatServer server() {
        return server;
    }

    /** A room name no other test of the class uses. */
    String freshRoom() {
        return "room-" + rooms.incrementAndGet();
    }
}
