package mychat.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mychat.protocol.ErrorCode;
import mychat.protocol.ServerEvent;
import org.junit.jupiter.api.Test;

/** A member that does not read never slows its room down and never makes the server's memory grow. */
class SlowConsumerTest {
    private static final int ROOM_BUFFER = 128;
    private static final String BULKY = "x".repeat(1500);

    @Test
    void pausedReaderDoesNotDelayOthersAndLearnsHowManyEventsItMissed() throws Exception {
        ServerConfig config = ServerConfig.forTests(java.util.Map.of("CHAT_ROOM_BUFFER", String.valueOf(ROOM_BUFFER),
                "CHAT_SLOW_CONSUMER_TIMEOUT", "2m"));
        try (ChatServer server = ChatServer.start(config);
             TestClient alice = TestClient.joined(server.port(), "busy", "alice");
             TestClient bob = TestClient.joined(server.port(), "busy", "bob");
             TestClient sleepy = TestClient.joined(server.port(), "busy", "sleepy")) {
            alice.expect(ServerEvent.UserJoined.class);
            alice.expect(ServerEvent.UserJoined.class);
            bob.expect(ServerEvent.UserJoined.class);
            sleepy.pauseReading();

            // 5,000 messages of ~1.5 KB: far more than the kernel buffers hold. Each sender waits for its own
            // echo before the next message, so the two readers set the pace and never fall behind themselves.
            int perSender = 2500;
            // The server is the only user of Netty's allocator in this JVM: what it holds is what the server queues.
            ByteBufAllocatorMetric buffers = ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric();
            long before = buffers.usedDirectMemory();
            long[] most = {before};
            // Should a talker stall, its failure says what each side saw.
            java.util.function.Supplier<String> state = () -> "alice: " + alice.describe() + "\nbob: "
                    + bob.describe() + "\nsleepy: " + sleepy.describe();
            CompletableFuture<Void> bobTalks =
                    CompletableFuture.runAsync(() -> talk(bob, "bob", perSender, null, state));
            talk(alice, "alice", perSender, () -> most[0] = Math.max(most[0], buffers.usedDirectMemory()), state);
            bobTalks.get(60, TimeUnit.SECONDS);
            alice.expectNothingMoreThenRoomList();
            bob.expectNothingMoreThenRoomList();
            // 7.5 MB were said: queued for sleepy without a bound, the allocator grew by 5.5 MB; bounded, by about 1.3
            // (it grows in chunks)
            assertThat(most[0] - before).as("growth of the server's buffer memory")
                    .isLessThan(3L * 1024 * 1024);

            sleepy.resumeReading();
            java.util.Set<Long> seen = new java.util.TreeSet<>();
            List<long[]> gaps = new java.util.ArrayList<>();
            long dropped = 0;
            while (seen.size() + dropped < 2L * perSender) {
                switch (sleepy.next()) {
                    case ServerEvent.Message m -> seen.add(m.id());
                    case ServerEvent.Error e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.LAGGED);
                        assertThat(e.to() - e.from() + 1).as("range of %s", e).isEqualTo(e.dropped());
                        dropped += e.dropped();
                        gaps.add(new long[] {e.from(), e.to()});
                    }
                    default -> { }
                }
            }
            assertThat(dropped).isPositive();
            assertThat(seen.size() + dropped).isEqualTo(2L * perSender);
            assertThat(sleepy.expectNothingMoreThenRoomList()).contains("busy");

            // The lagged range is exactly what is missing, and History fills it.
            for (long[] gap : gaps) {
                long after = gap[0] - 1;
                while (after < gap[1]) {
                    sleepy.send(mychat.protocol.ClientRequest.History.after(after, 200));
                    ServerEvent.HistoryPage page = sleepy.expect(ServerEvent.HistoryPage.class);
                    for (ServerEvent.Message m : page.messages()) {
                        if (m.id() <= gap[1]) {
                            assertThat(seen.add(m.id())).as("id %d was not delivered before", m.id()).isTrue();
                        }
                    }
                    after = page.messages().getLast().id();
                }
            }
            assertThat(seen).hasSize(2 * perSender);
        }
    }

    /**
     * Says {@code count} bulky lines, each time waiting until its own line comes back, and checks that every line
     * of the other talker arrives as well (no lag notices, nothing dropped).
     */
    private static void talk(TestClient client, String nick, int count, Runnable afterEach,
                             java.util.function.Supplier<String> state) {
        try {
            talkOrStall(client, nick, count, afterEach);
        } catch (AssertionError e) {
            throw new AssertionError(nick + " stalled: " + e.getMessage() + "\n" + state.get(), e);
        }
    }

    private static void talkOrStall(TestClient client, String nick, int count, Runnable afterEach) {
        int own = 0;
        int others = 0;
        for (int i = 0; i < count; i++) {
            client.say(BULKY);
            boolean echoed = false;
            while (!echoed) {
                ServerEvent.Message m = client.expect(ServerEvent.Message.class);
                echoed = m.from().equals(nick);
                if (echoed) {
                    own++;
                } else {
                    others++;
                }
            }
            if (afterEach != null) {
                afterEach.run();
            }
        }
        while (others < count) {
            client.expect(ServerEvent.Message.class);
            others++;
        }
        assertThat(own).isEqualTo(count);
    }

    @Test
    void memberBehindLongerThanTheTimeoutIsClosedWith1008AndOthersSeeItLeave() throws Exception {
        ServerConfig config = ServerConfig.forTests(java.util.Map.of("CHAT_ROOM_BUFFER", "16",
                "CHAT_SLOW_CONSUMER_TIMEOUT", "300ms"));
        try (ChatServer server = ChatServer.start(config);
             TestClient alice = TestClient.joined(server.port(), "r", "alice");
             TestClient sleepy = TestClient.joined(server.port(), "r", "sleepy")) {
            alice.expect(ServerEvent.UserJoined.class);
            sleepy.pauseReading();
            boolean sleepyLeft = false;
            while (!sleepyLeft) {
                alice.say(BULKY);
                ServerEvent event = alice.next();
                sleepyLeft = event instanceof ServerEvent.UserLeft left && left.nick().equals("sleepy");
            }
            sleepy.resumeReading();
            assertThat(sleepy.awaitCloseCode()).isEqualTo(1008);
        }
    }
}
