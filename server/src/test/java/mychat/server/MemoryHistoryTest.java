package mychat.server;

import org.junit.jupiter.api.extension.RegisterExtension;

class MemoryHistoryTest extends HistoryContract {
    @RegisterExtension
    static final RunningServer running = new RunningServer();

    @Override
    RunningServer running() {
        return running;
    }
}
