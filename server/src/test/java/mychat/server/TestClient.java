package mychat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import mychat.protocol.ClientRequest;
import mychat.protocol.Codec;
import mychat.protocol.Decoded;
import mychat.protocol.ErrorCode;
import mychat.protocol.ServerEvent;

/**
 * A real WebSocket client for tests, on the JDK's {@code java.net.http.WebSocket} (a third-party implementation as
 * far as the server is concerned). Every received frame is decoded and queued; waits are bounded.
 */
final class TestClient implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final BlockingQueue<ServerEvent> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final WebSocket socket;
    private final Listener listener;

    private TestClient(WebSocket socket, Listener listener) {
        this.socket = socket;
        this.listener = listener;
    }

    static TestClient connect(int port) {
        return connect(URI.create("ws://127.0.0.1:" + port + "/"), null);
    }

    static TestClient connect(URI uri, String subprotocol) {
        return connect(uri, subprotocol, HTTP, java.util.Map.of());
    }

    /** Connects with a given HTTP client (e.g. one trusting a test CA) and extra handshake headers. */
    static TestClient connect(URI uri, String subprotocol, HttpClient http, java.util.Map<String, String> headers) {
        TestClient[] self = new TestClient[1];
        Listener listener = new Listener(self);
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(TIMEOUT);
        headers.forEach(builder::header);
        if (subprotocol != null) {
            builder.subprotocols(subprotocol);
        }
        WebSocket socket = builder.buildAsync(uri, listener).orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
        self[0] = new TestClient(socket, listener);
        listener.ready.complete(null);
        return self[0];
    }

    /** Connects and joins; returns the {@code Joined} event. */
    static TestClient joined(int port, String room, String nick) {
        TestClient client = connect(port);
        client.send(new ClientRequest.Join(room, nick));
        ServerEvent.Joined joined = client.expect(ServerEvent.Joined.class);
        assertThat(joined.room()).isEqualTo(room);
        return client;
    }

    String subprotocol() {
        return socket.getSubprotocol();
    }

    void send(ClientRequest request) {
        sendText(Codec.encodeToString(request));
    }

    void say(String text) {
        send(new ClientRequest.SendMsg(text));
    }

    void sendText(String text) {
        socket.sendText(text, true).orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    }

    void sendBinary(byte[] data) {
        socket.sendBinary(ByteBuffer.wrap(data), true).orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    }

    /** The next event, failing the test if none arrives in time. */
    ServerEvent next() {
        try {
            ServerEvent event = events.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (event == null) {
                fail("no event within " + TIMEOUT + (closeCode.isDone() ? "; closed with " + closeCode.join() : ""));
            }
            return event;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    <T extends ServerEvent> T expect(Class<T> type) {
        ServerEvent event = next();
        assertThat(event).isInstanceOf(type);
        return type.cast(event);
    }

    ServerEvent.Error expectError(ErrorCode code) {
        ServerEvent.Error error = expect(ServerEvent.Error.class);
        assertThat(error.code()).as("error %s", error).isEqualTo(code);
        return error;
    }

    /**
     * Proves that nothing else was queued for this client: asks for the room list and requires it to be the very
     * next event (the server answers requests in order).
     */
    List<String> expectNothingMoreThenRoomList() {
        send(new ClientRequest.ListRooms());
        return expect(ServerEvent.RoomList.class).rooms();
    }

    /** Stops reading from the socket: the server's frames pile up in the kernel and then in the server. */
    void pauseReading() {
        listener.paused = true;
    }

    void resumeReading() {
        listener.paused = false;
        socket.request(1);
    }

    /** The close code the server sent, waiting for it. */
    int awaitCloseCode() {
        return closeCode.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    }

    boolean isClosed() {
        return closeCode.isDone();
    }

    /** What this client has seen, for a failure message: frames received, events not yet taken, reading state. */
    String describe() {
        return "received " + listener.received + " frames, " + events.size() + " events not taken, "
                + (listener.paused ? "paused" : "reading") + (isClosed() ? ", closed" : "");
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        socket.abort();
    }

    private static final class Listener implements WebSocket.Listener {
        private final TestClient[] owner;
        private final CompletableFuture<Void> ready = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        volatile boolean paused;
        volatile long received;

        Listener(TestClient[] owner) {
            this.owner = owner;
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
                received++; // only the WebSocket's receiving thread of the moment writes it
                ready.join();
                switch (Codec.decodeEvent(json)) {
                    case Decoded.Ok<ServerEvent> ok -> owner[0].events.add(ok.value());
                    case Decoded.Malformed<ServerEvent> bad -> owner[0].closeCode.completeExceptionally(
                            new AssertionError("server sent an undecodable frame: " + bad.reason() + ": " + json));
                }
            }
            if (!paused) {
                webSocket.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            ready.join();
            owner[0].closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            ready.join();
            owner[0].closeCode.completeExceptionally(error);
        }
    }
}
