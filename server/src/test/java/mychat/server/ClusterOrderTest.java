package mychat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import mychat.protocol.ErrorCode;
import mychat.protocol.ServerEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One order per room across nodes: every member on every node sees the same ids, the same messages, in one order.
 * Senders behave as clients that keep their order must (docs/PROTOCOL.md §9): a change that waits in Redis' queue
 * past its deadline is answered {@code unavailable}, which a busy machine can cause, and is then resent.
 */
class ClusterOrderTest {
    private static final int NODES = 3;
    private static final int SENDERS_PER_NODE = 2;
    private static final int PER_SENDER = 500;
    /** Messages a sender keeps in flight when it need not keep its order through refusals. */
    private static final int WINDOW = 32;

    private static TestCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = TestCluster.start("ClusterOrderTest", NODES);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void sendersOnThreeNodesProduceOneGapFreeOrderThatEveryMemberSees() throws Exception {
        String room = "order";
        int total = NODES * SENDERS_PER_NODE * PER_SENDER;
        List<Member> members = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int n = 1; n <= NODES; n++) {
                for (int s = 0; s < SENDERS_PER_NODE; s++) {
                    String nick = "n" + n + "s" + s;
                    members.add(new Member(TestClient.joined(cluster.port(n), room, nick), nick));
                }
            }
            // Each member hears of everyone who joined after it: all are members before the first message.
            for (int i = 0; i < members.size(); i++) {
                for (int later = i + 1; later < members.size(); later++) {
                    assertThat(members.get(i).client.expect(ServerEvent.UserJoined.class).nick())
                            .isEqualTo(members.get(later).nick);
                }
            }
            List<CompletableFuture<Void>> views = members.stream()
                    .map(m -> CompletableFuture.runAsync(() -> m.receive(total), threads)).toList();
            List<CompletableFuture<Void>> sending = members.stream()
                    .map(m -> CompletableFuture.runAsync(() -> m.sendEachUntilStored(PER_SENDER), threads)).toList();
            CompletableFuture.allOf(sending.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            for (int i = 0; i < views.size(); i++) {
                try {
                    views.get(i).get(60, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new AssertionError(members.get(i).nick + " did not receive " + total + " messages:"
                            + progress(members) + cluster.diagnostics(), e);
                }
            }

            List<Long> expectedIds = LongStream.rangeClosed(1, total).boxed().toList();
            List<String> reference = members.getFirst().lines();
            for (Member m : members) {
                assertThat(m.refusals).as("refusals answered to %s's sends", m.nick)
                        .allMatch(e -> e.code() == ErrorCode.UNAVAILABLE);
                assertThat(m.ids()).as("ids seen by %s", m.nick).isEqualTo(expectedIds);
                assertThat(m.lines()).as("the order %s saw, against %s's", m.nick, members.getFirst().nick)
                        .isEqualTo(reference);
            }
            for (Member m : members) {
                assertThat(members.getFirst().textsFrom(m.nick)).as("%s's messages in the order it sent them", m.nick)
                        .isEqualTo(numbered(m.nick, PER_SENDER));
            }
        } finally {
            members.forEach(m -> m.client.close());
        }
    }

    @Test
    void redisLosingTheFunctionsUnderTrafficRefusesSomeSendsAndKeepsEachSendersOrder() throws Exception {
        // What a Redis that lost its data does to the library: calls fail until a node loads it again. A send is
        // then either stored, in its sender's order, or answered unavailable (never stored later).
        String room = "flushed";
        int perSender = 300;
        int flushes = 5;
        List<Member> senders = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int n = 1; n <= NODES; n++) {
                senders.add(new Member(TestClient.joined(cluster.port(n), room, "f" + n), "f" + n));
            }
            senders.get(0).client.expect(ServerEvent.UserJoined.class);
            senders.get(0).client.expect(ServerEvent.UserJoined.class);
            senders.get(1).client.expect(ServerEvent.UserJoined.class);
            // Rounds of sends, the library flushed between them: the first calls of each later round find it gone.
            int rounds = flushes + 1;
            for (int round = 1; round <= rounds; round++) {
                int answeredAfter = round * perSender / rounds;
                List<CompletableFuture<Void>> work = new ArrayList<>();
                for (Member m : senders) {
                    work.add(CompletableFuture.runAsync(() -> m.receiveUntilOwnAnswered(answeredAfter), threads));
                    work.add(CompletableFuture.runAsync(() -> m.send(perSender / rounds), threads));
                }
                CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
                if (round < rounds) {
                    cluster.redis.command("FUNCTION", "FLUSH");
                }
            }
            Member witness = senders.getFirst();
            // Each sender stopped reading at its own last answer; the witness reads on to the last id anyone saw.
            long last = senders.stream().mapToLong(m -> m.ids().isEmpty() ? 0 : m.ids().getLast()).max().orElse(0);
            while (witness.ids().isEmpty() || witness.ids().getLast() < last) {
                witness.take();
            }

            assertThat(senders.stream().mapToInt(m -> m.refusals.size()).sum())
                    .as("sends refused while the library was missing").isPositive();
            for (Member m : senders) {
                assertThat(m.refusals).as("%s's refusals", m.nick).allMatch(e -> e.code() == ErrorCode.UNAVAILABLE);
                List<String> stored = witness.textsFrom(m.nick);
                assertThat(stored).as("%s's stored messages, in the order it sent them", m.nick)
                        .isEqualTo(numbered(m.nick, perSender).stream().filter(Set.copyOf(stored)::contains)
                                .toList());
                assertThat(stored.size() + m.refusals.size()).as("%s's sends: each stored or refused", m.nick)
                        .isEqualTo(perSender);
            }
            for (Member m : senders) {
                assertThat(m.sendUntilStored(m.nick + " after")).as("%s's send once the library is back", m.nick)
                        .isInstanceOf(ServerEvent.Message.class);
            }
            assertThat(witness.ids()).as("ids the witness saw").isEqualTo(
                    LongStream.rangeClosed(1, witness.ids().size()).boxed().toList());
        } finally {
            senders.forEach(m -> m.client.close());
        }
    }

    private static List<String> numbered(String nick, int count) {
        return IntStream.range(0, count).mapToObj(m -> nick + " " + m).toList();
    }

    private static String progress(List<Member> members) {
        StringBuilder where = new StringBuilder();
        for (Member m : members) {
            where.append("\n").append(m.nick).append(": ").append(m.received.size()).append(" messages (")
                    .append(m.textsFrom(m.nick).size()).append(" of its own, ").append(m.refusals.size())
                    .append(" refused), missing: ");
            for (Member sender : members) {
                Set<String> seen = Set.copyOf(m.textsFrom(sender.nick));
                List<String> absent = numbered(sender.nick, PER_SENDER).stream().filter(t -> !seen.contains(t))
                        .toList();
                if (!absent.isEmpty()) {
                    where.append(absent.getFirst()).append("..").append(absent.getLast()).append(" (")
                            .append(absent.size()).append(") ");
                }
            }
        }
        return where.toString();
    }

    /** A member that sends numbered messages with a window in flight and records what it receives. */
    private static final class Member {
        final TestClient client;
        final String nick;
        final List<ServerEvent.Message> received = Collections.synchronizedList(new ArrayList<>());
        final List<ServerEvent.Error> refusals = Collections.synchronizedList(new ArrayList<>());
        /** Released for each of its own messages that came back or was refused. */
        final Semaphore window = new Semaphore(WINDOW);
        /** Numbered messages sent so far by {@link #send}. */
        private int sent;
        /** Cids of messages it sent more than once. */
        final Set<String> resent = java.util.concurrent.ConcurrentHashMap.newKeySet();
        /** Its own messages as they come back, and refusals: the answers to its sends, in order. */
        final java.util.concurrent.BlockingQueue<ServerEvent> answers = new java.util.concurrent.LinkedBlockingQueue<>();

        Member(TestClient client, String nick) {
            this.client = client;
            this.nick = nick;
        }

        void send(int count) {
            for (int end = sent + count; sent < end; sent++) {
                try {
                    if (!window.tryAcquire(30, TimeUnit.SECONDS)) {
                        throw new AssertionError(nick + ": no answer to its messages for 30 s; refused: "
                                + refusals);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
                client.say(nick + " " + sent);
            }
        }

        /**
         * Sends one message with a cid, resending it while it is refused (a refusal also makes the node load the
         * library again), at most five times; the last answer.
         */
        ServerEvent sendUntilStored(String text) {
            ServerEvent answer = null;
            for (int attempt = 0; attempt < 5; attempt++) {
                client.send(new mychat.protocol.ClientRequest.SendMsg(text, "last-" + nick));
                do {
                    answer = client.next();
                } while (!(answer instanceof ServerEvent.Error
                        || answer instanceof ServerEvent.Message m && m.text().equals(text)));
                if (answer instanceof ServerEvent.Message) {
                    return answer;
                }
            }
            return answer;
        }

        /**
         * Sends {@code count} numbered messages one at a time, each with a cid and resent while it is refused, so
         * that a refusal cannot put a later message before it.
         */
        void sendEachUntilStored(int count) {
            for (int m = 0; m < count; m++) {
                String text = nick + " " + m;
                int attempts = 0;
                ServerEvent answer;
                do {
                    if (++attempts > 10) {
                        throw new AssertionError(nick + ": \"" + text + "\" refused 10 times: " + refusals);
                    }
                    if (attempts > 1) {
                        resent.add(nick + "-" + m);
                    }
                    client.send(new mychat.protocol.ClientRequest.SendMsg(text, nick + "-" + m));
                    answer = awaitAnswer();
                } while (answer instanceof ServerEvent.Error);
            }
        }

        private ServerEvent awaitAnswer() {
            try {
                ServerEvent answer = answers.poll(30, TimeUnit.SECONDS);
                if (answer == null) {
                    throw new AssertionError(nick + ": no answer to its message for 30 s");
                }
                return answer;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        /** Receives until {@code count} messages have come. */
        void receive(int count) {
            while (received.size() < count) {
                take();
            }
        }

        /** Receives until each of its own {@code count} sends came back or was refused. */
        void receiveUntilOwnAnswered(int count) {
            while (answered() < count) {
                take();
            }
        }

        /** Its own sends that came back or were refused. */
        int answered() {
            return textsFrom(nick).size() + refusals.size();
        }

        void take() {
            switch (client.next()) {
                case ServerEvent.Message m when m.cid() != null && resent.contains(m.cid()) && ids().contains(m.id())
                        -> answers.add(m); // the answer to a resend of a refused message that was stored after all
                case ServerEvent.Message m -> {
                    received.add(m);
                    if (m.from().equals(nick)) {
                        window.release();
                        answers.add(m);
                    }
                }
                case ServerEvent.Error e -> {
                    refusals.add(e);
                    window.release();
                    answers.add(e);
                }
                default -> { } // joins and leaves
            }
        }

        List<Long> ids() {
            synchronized (received) {
                return received.stream().map(ServerEvent.Message::id).toList();
            }
        }

        List<String> lines() {
            synchronized (received) {
                return received.stream().map(m -> m.from() + ": " + m.text()).toList();
            }
        }

        List<String> textsFrom(String sender) {
            synchronized (received) {
                return received.stream().filter(m -> m.from().equals(sender)).map(ServerEvent.Message::text)
                        .collect(Collectors.toList());
            }
        }
    }
}
