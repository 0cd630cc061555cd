package mychat.server;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The history contract on the Redis store (one node on a redis-server of its own). */
class RedisHistoryTest extends HistoryContract {
    @RegisterExtension
    static final RunningServer running = new RunningServer(java.util.Map.of("CHAT_STORE", "redis"));

    @Override
    RunningServer running() {
        return running;
    }
}
