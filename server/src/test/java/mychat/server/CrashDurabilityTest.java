package mychat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import mychat.protocol.ClientRequest;
import mychat.protocol.ServerEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a real server process in the middle of a burst: every message any client received is in the history
 * after a restart, in order, under the same id, with no duplicates; and ids continue where they stopped. The
 * senders stay at most {@link #IN_FLIGHT} messages ahead of the witness, so that the kill finds messages in every
 * state: being received, being stored, stored and being broadcast.
 */
class CrashDurabilityTest {
    private static final int SENDERS = 4;
    private static final int PER_SENDER = 2500; // 10,000 in all
    private static final int IN_FLIGHT = 8;

    @Test
    void everyMessageAnyClientReceivedSurvivesKillDashNine(@TempDir Path dataDir) throws Exception {
        Map<String, String> env = Map.of("CHAT_ADDR", "127.0.0.1:0", "CHAT_DATA_DIR", dataDir.toString(),
                "CHAT_HISTORY_MAX", "20000", "CHAT_ROOM_BUFFER", "100000", "CHAT_RATE_MSGS", "0", "CHAT_RATE_REQUESTS", "0");
        Map<Long, String> received = new ConcurrentHashMap<>();
        try (ServerProcess server = ServerProcess.launch(env)) {
            int port = server.awaitPort();
            List<TestClient> senders = new ArrayList<>();
            TestClient witness = TestClient.joined(port, "burst", "witness");
            for (int s = 0; s < SENDERS; s++) {
                senders.add(TestClient.joined(port, "burst", "sender" + s));
            }
            CountDownLatch quarterDone = new CountDownLatch(SENDERS * PER_SENDER / 4);
            Semaphore ahead = new Semaphore(IN_FLIGHT);
            AtomicLong newest = new AtomicLong();
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        if (witness.next() instanceof ServerEvent.Message m) {
                            received.put(m.id(), m.from() + ":" + m.text());
                            newest.set(m.id());
                            quarterDone.countDown();
                            ahead.release();
                        }
                    }
                } catch (AssertionError | RuntimeException endOfStream) {
                    // the server was killed: no more events
                }
            });
            List<CompletableFuture<Void>> sending = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                TestClient sender = senders.get(s);
                sending.add(CompletableFuture.runAsync(() -> {
                    try {
                        for (int i = 0; i < PER_SENDER; i++) {
                            if (!ahead.tryAcquire(10, TimeUnit.SECONDS)) {
                                return; // the server is gone
                            }
                            sender.say("n" + i);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (RuntimeException killed) {
                        // sends fail once the server is gone
                    }
                }));
            }
            assertThat(quarterDone.await(60, TimeUnit.SECONDS))
                    .as(() -> "a quarter of the messages reached the witness; it got " + received.size()
                            + ", newest id " + newest.get() + "; server output meanwhile:\n" + server.unreadOutput())
                    .isTrue();
            server.process.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
            ahead.release(SENDERS * PER_SENDER); // senders waiting for the witness find the server gone
            assertThat(server.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture.allOf(sending.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            senders.forEach(TestClient::close);
            witness.close();
        }
        assertThat(received.size()).isGreaterThanOrEqualTo(SENDERS * PER_SENDER / 4);

        try (ServerProcess restarted = ServerProcess.launch(env)) {
            int port = restarted.awaitPort();
            try (TestClient reader = TestClient.joined(port, "burst", "reader")) {
                List<ServerEvent.Message> history = new ArrayList<>();
                long after = 0;
                boolean more = true;
                while (more) {
                    reader.send(ClientRequest.History.after(after, 200));
                    ServerEvent event;
                    do {
                        event = reader.next(); // skips the replay that follows Joined
                    } while (!(event instanceof ServerEvent.HistoryPage));
                    ServerEvent.HistoryPage page = (ServerEvent.HistoryPage) event;
                    history.addAll(page.messages());
                    more = page.more();
                    after = page.messages().isEmpty() ? after : page.messages().getLast().id();
                }
                for (int i = 1; i < history.size(); i++) {
                    assertThat(history.get(i).id()).isGreaterThan(history.get(i - 1).id());
                }
                Map<Long, String> stored = new java.util.HashMap<>();
                history.forEach(m -> stored.put(m.id(), m.from() + ":" + m.text()));
                assertThat(stored).containsAllEntriesOf(received);

                long lastId = history.getLast().id();
                reader.say("after the crash");
                ServerEvent.Message next;
                do {
                    next = reader.expect(ServerEvent.Message.class);
                } while (next.history());
                assertThat(next.id()).isEqualTo(lastId + 1);
            }
        }
    }
}
