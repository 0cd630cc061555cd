package mychat.server;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mychat.protocol.ClientRequest;
import mychat.protocol.Codec;
import mychat.protocol.Decoded;
import mychat.protocol.ErrorCode;
import mychat.protocol.ServerEvent;

/**
 * A client that behaves like the real one across failures: when its connection ends it connects again (to the
 * next of its targets, or through the load balancer), joins with {@code since} = the last id it saw, and resends
 * every message not yet echoed under the same {@code cid}. A nick still held by the cluster ({@code nick_taken})
 * is retried.
 *
 * <p>It checks what it receives as it goes and records each breach in {@link #violations()} (see {@link Kind}): a
 * message id that is not the previous one plus one (a gap), an id seen twice (unless it is the original echoed
 * back for a resent cid, which the protocol allows), a resume that is not {@code recovered}, a live message from
 * a nick that is not a member according to the {@code Joined}/{@code UserJoined}/{@code UserLeft} it has seen.
 * An {@code unavailable} answer makes it resend its unconfirmed messages a moment later.
 *
 * <p>One driver thread owns the connection and the state; the listener and callers only put inputs on its queue.
 */
final class ResumingClient implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Between two attempts to connect or to take a nick that is still held: a client's back-off, not a wait. */
    private static final Duration RETRY = Duration.ofMillis(200);

    /** An event as received, with the time and the connection attempt (1, 2, …) it came on. */
    record Seen(long nanos, int connection, ServerEvent event) {}

    /** What went wrong in what the client received. */
    enum Kind {
        /** An id that is not the previous one plus one. */
        GAP,
        /** An id seen before, other than the original echoed back for a resent cid. */
        DUPLICATE,
        /** A resume that was answered {@code recovered: false} (or without {@code recovered}). */
        NOT_RECOVERED,
        /** A live message from a nick that is not a member. */
        ABSENT_SENDER,
        /** Anything else: an undecodable frame, a Joined out of turn, the client's own failure. */
        OTHER
    }

    record Violation(Kind kind, String detail) {}

    private sealed interface Input {}

    private record Connect() implements Input {}

    private record Received(int generation, ServerEvent event) implements Input {}

    private record Closed(int generation, int code) implements Input {}

    private record Send(String text, String cid) implements Input {}

    private record SendUntracked(String text) implements Input {}

    private record ResendUnconfirmed() implements Input {}

    private record Stop() implements Input {}

    private enum State { DISCONNECTED, JOINING, JOINED }

    final String room;
    final String nick;
    private final List<URI> targets;
    private final BlockingQueue<Input> inputs = new LinkedBlockingQueue<>();
    private final Thread driver;
    private final Semaphore window;
    private final AtomicInteger sent = new AtomicInteger();

    // Owned by the driver thread.
    private WebSocket socket;
    private int generation;
    private int attempts;
    private State state = State.DISCONNECTED;
    private Long lastId;
    private final LinkedHashMap<String, String> unconfirmed = new LinkedHashMap<>();
    private final Set<String> resent = new HashSet<>();
    private final Set<String> present = new HashSet<>();
    private final Map<Long, ServerEvent.Message> byId = new HashMap<>();
    private boolean resendScheduled;

    // Read by the test.
    private final List<Seen> log = new ArrayList<>();
    private final List<ServerEvent.Message> messages = new ArrayList<>();
    private final List<Violation> violations = new ArrayList<>();
    private final List<Integer> closeCodes = new ArrayList<>();
    private final List<Long> disconnectNanos = new ArrayList<>();
    private final AtomicInteger joins = new AtomicInteger();
    private final AtomicInteger nickTaken = new AtomicInteger();
    private final AtomicInteger unavailable = new AtomicInteger();
    private volatile long lastIdView;
    private volatile boolean joined;
    private volatile int unconfirmedView;

    private ResumingClient(String room, String nick, List<URI> targets, int window) {
        this.room = room;
        this.nick = nick;
        this.targets = List.copyOf(targets);
        this.window = new Semaphore(window);
        this.driver = Thread.ofPlatform().daemon().name("client-" + nick).start(this::drive);
    }

    /**
     * Connects to the first target, joins and waits for {@code Joined}. Later connections go to the following
     * targets in turn (one target: always that one, e.g. a load balancer). At most {@code window} messages are
     * waiting for their echo at a time ({@link #send} blocks beyond).
     */
    static ResumingClient join(String room, String nick, int window, URI... targets) {
        ResumingClient client = new ResumingClient(room, nick, List.of(targets), window);
        client.inputs.add(new Connect());
        await(nick + " joins " + room).atMost(TestClient.TIMEOUT).until(() -> client.joined);
        return client;
    }

    static ResumingClient join(String room, String nick, URI... targets) {
        return join(room, nick, 64, targets);
    }

    /**
     * Says {@code text} with a fresh cid (resent after a reconnect until echoed); blocks while the window of
     * unconfirmed messages is full. Returns the cid.
     */
    String send(String text) {
        try {
            if (!window.tryAcquire(30, TimeUnit.SECONDS)) {
                throw new AssertionError(nick + ": no echo for 30 s; " + describe());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        String cid = nick + "-" + sent.incrementAndGet();
        inputs.add(new Send(text, cid));
        return cid;
    }

    /** Writes a {@code SendMsg} without cid on the current connection only: never resent, never tracked. */
    void sendUntracked(String text) {
        inputs.add(new SendUntracked(text));
    }

    /** The newest message id received (0 before any). */
    long lastId() {
        return lastIdView;
    }

    boolean isJoined() {
        return joined;
    }

    /** Messages sent and not yet echoed. */
    int unconfirmed() {
        return unconfirmedView;
    }

    /** How many times a join succeeded (1 + successful rejoins). */
    int joins() {
        return joins.get();
    }

    int nickTakenAnswers() {
        return nickTaken.get();
    }

    /**
     * How many requests were answered {@code unavailable}. A refused message is resent after later ones may have
     * been stored, so the room's order of this client's messages is its send order only when this is 0.
     */
    int unavailableAnswers() {
        return unavailable.get();
    }

    /** Every message received once, in order of arrival (echoes of resends left out). */
    List<ServerEvent.Message> messages() {
        synchronized (messages) {
            return List.copyOf(messages);
        }
    }

    List<Seen> log() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    List<Violation> violations() {
        synchronized (violations) {
            return List.copyOf(violations);
        }
    }

    /** The violations of these kinds only. */
    List<Violation> violations(Kind... kinds) {
        List<Kind> wanted = List.of(kinds);
        return violations().stream().filter(v -> wanted.contains(v.kind())).toList();
    }

    /** Close codes of ended connections (-1: ended without a Close frame). */
    List<Integer> closeCodes() {
        synchronized (closeCodes) {
            return List.copyOf(closeCodes);
        }
    }

    /** When connections ended ({@link System#nanoTime()}). */
    List<Long> disconnects() {
        synchronized (closeCodes) {
            return List.copyOf(disconnectNanos);
        }
    }

    /** The first time this client saw {@code UserLeft(nick)} at or after {@code sinceNanos}, or -1. */
    long userLeftAt(String leaver, long sinceNanos) {
        return log().stream().filter(s -> s.nanos() >= sinceNanos)
                .filter(s -> s.event() instanceof ServerEvent.UserLeft left && left.nick().equals(leaver))
                .mapToLong(Seen::nanos).findFirst().orElse(-1);
    }

    /** Waits until a message with id {@code id} or later has arrived. */
    void awaitId(long id, Duration timeout) {
        await(nick + " receives id " + id).atMost(timeout).until(() -> lastIdView >= id);
    }

    String describe() {
        return nick + ": " + (joined ? "joined" : "not joined") + ", last id " + lastIdView + ", " + unconfirmedView
                + " unconfirmed, " + joins.get() + " joins, " + nickTaken.get() + " nick_taken, " + unavailable.get()
                + " unavailable, close codes "
                + closeCodes() + ", violations " + violations().stream().limit(5).toList();
    }

    @Override
    public void close() {
        inputs.add(new Stop());
        try {
            driver.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void drive() {
        try {
            while (true) {
                switch (inputs.take()) {
                    case Stop stop -> {
                        disconnect();
                        return;
                    }
                    case Connect connect -> connect();
                    case Send s -> {
                        unconfirmed.put(s.cid(), s.text());
                        unconfirmedView = unconfirmed.size();
                        if (state == State.JOINED) {
                            write(new ClientRequest.SendMsg(s.text(), s.cid()));
                        }
                    }
                    case ResendUnconfirmed r -> {
                        resendScheduled = false;
                        if (state == State.JOINED) {
                            resendUnconfirmed();
                        }
                    }
                    case SendUntracked s -> {
                        if (state == State.JOINED) {
                            write(new ClientRequest.SendMsg(s.text()));
                        }
                    }
                    case Received r -> {
                        if (r.generation() == generation) {
                            handle(r.event());
                        }
                    }
                    case Closed c -> {
                        if (c.generation() == generation) {
                            synchronized (closeCodes) {
                                closeCodes.add(c.code());
                                disconnectNanos.add(System.nanoTime());
                            }
                            disconnect();
                            inputs.add(new Connect());
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            violation(Kind.OTHER, "the client's driver failed: " + e);
        }
    }

    private void connect() {
        if (state != State.DISCONNECTED) {
            return;
        }
        int mine = ++generation;
        URI target = targets.get(attempts++ % targets.size());
        try {
            socket = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(2))
                    .buildAsync(target, new Listener(mine)).get(3, TimeUnit.SECONDS);
        } catch (Exception refused) {
            retryLater();
            return;
        }
        state = State.JOINING;
        write(new ClientRequest.Join(room, nick, lastId));
    }

    private void disconnect() {
        generation++;
        if (socket != null) {
            socket.abort();
            socket = null;
        }
        state = State.DISCONNECTED;
        joined = false;
    }

    private void retryLater() {
        CompletableFuture.delayedExecutor(RETRY.toMillis(), TimeUnit.MILLISECONDS)
                .execute(() -> inputs.add(new Connect()));
    }

    private void write(ClientRequest request) {
        try {
            socket.sendText(Codec.encodeToString(request), true).get(5, TimeUnit.SECONDS);
        } catch (Exception lost) {
            // the connection is going away; its Closed input follows and the request is resent if tracked
        }
    }

    private void handle(ServerEvent event) {
        synchronized (log) {
            log.add(new Seen(System.nanoTime(), generation, event));
        }
        switch (event) {
            case ServerEvent.Joined j -> {
                if (state != State.JOINING) {
                    violation(Kind.OTHER, "Joined while " + state + ": " + j);
                    return;
                }
                if (lastId != null && !Boolean.TRUE.equals(j.recovered())) {
                    violation(Kind.NOT_RECOVERED, "resume after id " + lastId + " answered " + j);
                }
                present.clear();
                j.members().forEach(m -> present.add(fold(m)));
                state = State.JOINED;
                joins.incrementAndGet();
                joined = true;
                resendUnconfirmed();
            }
            case ServerEvent.Error e when e.code() == ErrorCode.NICK_TAKEN && state == State.JOINING -> {
                nickTaken.incrementAndGet();
                disconnect();
                retryLater();
            }
            case ServerEvent.Error e when e.code() == ErrorCode.UNAVAILABLE -> {
                unavailable.incrementAndGet();
                // Not stored: resend what is unconfirmed a little later (the cid keeps anything stored meanwhile
                // from being stored twice).
                if (!resendScheduled) {
                    resendScheduled = true;
                    CompletableFuture.delayedExecutor(RETRY.toMillis(), TimeUnit.MILLISECONDS)
                            .execute(() -> inputs.add(new ResendUnconfirmed()));
                }
            }
            case ServerEvent.Error e -> { } // in the log; the test decides what an error means
            case ServerEvent.UserJoined u -> present.add(fold(u.nick()));
            case ServerEvent.UserLeft u -> present.remove(fold(u.nick()));
            case ServerEvent.Message m -> message(m);
            case ServerEvent.RoomList r -> { }
            case ServerEvent.Typing t -> { }
            case ServerEvent.HistoryPage p -> { }
            case ServerEvent.Notice n -> { }
            case ServerEvent.MessageDeleted d -> { }
        }
    }

    private void message(ServerEvent.Message m) {
        if (lastId != null && m.id() <= lastId) {
            ServerEvent.Message original = byId.get(m.id());
            boolean echoOfResend = m.from().equals(nick) && m.cid() != null && resent.contains(m.cid())
                    && original != null && original.asHistory().equals(m.asHistory());
            if (!echoOfResend) {
                violation(Kind.DUPLICATE, "id " + m.id() + " again after " + lastId + ": " + m + (original == null ? ""
                        : " (first: " + original + ")"));
            }
        } else {
            if (lastId != null && m.id() != lastId + 1) {
                violation(Kind.GAP, "id " + m.id() + " after " + lastId);
            }
            if (!m.history() && !m.from().equals(nick) && !present.contains(fold(m.from()))) {
                violation(Kind.ABSENT_SENDER, "live message from " + m.from() + ", who is not a member: " + m);
            }
            lastId = m.id();
            lastIdView = m.id();
            byId.put(m.id(), m);
            synchronized (messages) {
                messages.add(m);
            }
        }
        if (m.from().equals(nick) && m.cid() != null && unconfirmed.remove(m.cid()) != null) {
            unconfirmedView = unconfirmed.size();
            window.release();
        }
    }

    private void resendUnconfirmed() {
        for (Map.Entry<String, String> e : unconfirmed.entrySet()) {
            resent.add(e.getKey());
            write(new ClientRequest.SendMsg(e.getValue(), e.getKey()));
        }
    }

    private void violation(Kind kind, String detail) {
        synchronized (violations) {
            violations.add(new Violation(kind, detail));
        }
    }

    private static String fold(String nick) {
        return nick.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    }

    /** Decodes frames of one connection onto the driver's queue. */
    private final class Listener implements WebSocket.Listener {
        private final int generation;
        private final StringBuilder partial = new StringBuilder();

        Listener(int generation) {
            this.generation = generation;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String json = partial.toString();
                partial.setLength(0);
                switch (Codec.decodeEvent(json)) {
                    case Decoded.Ok<ServerEvent> ok -> inputs.add(new Received(generation, ok.value()));
                    case Decoded.Malformed<ServerEvent> bad -> violation(Kind.OTHER, "undecodable frame: " + json);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            inputs.add(new Closed(generation, statusCode));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            inputs.add(new Closed(generation, -1));
        }
    }
}
