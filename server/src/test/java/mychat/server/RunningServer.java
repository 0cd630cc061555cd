package mychat.server;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One in-process server on an ephemeral loopback port for a whole test class:
 * {@code @RegisterExtension static final RunningServer server = new RunningServer();}
 *
 * <p>With {@code CHAT_STORE=redis} and no {@code CHAT_REDIS_URL} it gets a fresh redis-server of its own. With the
 * system property {@code mychat.test.store=redis}, a server whose test does not choose a store runs on such a
 * Redis too: that is how the single-node suites are run a second time against the Redis store.
 */
final class RunningServer implements BeforeAllCallback, AfterAllCallback {
    /** The system property that moves the single-node suites onto the Redis store. */
    static final String STORE_PROPERTY = "mychat.test.store";

    private final Map<String, String> env;
    private final AtomicInteger rooms = new AtomicInteger();
    private ChatServer server;
    private RedisServer redis;

    RunningServer() {
        this(Map.of());
    }

    /** A server configured with these environment variables on top of {@link ServerConfig#forTests()}. */
    RunningServer(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Map<String, String> all = new HashMap<>(env);
        if (!all.containsKey("CHAT_STORE") && "redis".equals(System.getProperty(STORE_PROPERTY))) {
            all.put("CHAT_STORE", "redis");
        }
        if ("redis".equals(all.get("CHAT_STORE")) && !all.containsKey("CHAT_REDIS_URL")) {
            redis = RedisServer.start();
            all.put("CHAT_REDIS_URL", redis.url());
        }
        try {
            server = ChatServer.start(ServerConfig.forTests(all));
        } catch (Exception | Error e) {
            closeRedis();
            throw e;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            closeRedis();
        }
    }

    private void closeRedis() {
        if (redis != null) {
            redis.close();
            redis = null;
        }
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
