package mychat.server;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One in-process server on an ephemeral loopback port for a whole test class:
 * {@code @RegisterExtension static final RunningServer server = new RunningServer();}
 */
final class RunningServer implements BeforeAllCallback, AfterAllCallback {
    private final UnaryOperator<ServerConfig> tweak;
    private final AtomicInteger rooms = new AtomicInteger();
    private ChatServer server;

    RunningServer() {
        this(UnaryOperator.identity());
    }

    RunningServer(UnaryOperator<ServerConfig> tweak) {
        this.tweak = tweak;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = ChatServer.start(tweak.apply(ServerConfig.forTests()));
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
