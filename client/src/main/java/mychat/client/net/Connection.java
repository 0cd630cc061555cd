package mychat.client.net;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import mychat.client.state.Input;
import mychat.protocol.ClientRequest;
import mychat.protocol.Codec;
import mychat.protocol.Decoded;
import mychat.protocol.Limits;
import mychat.protocol.ServerEvent;

/**
 * One WebSocket connection to a my-chat server. Reports {@link Input.Received} for each event and exactly one
 * {@link Input.Disconnected} when it ends for any reason other than {@link #close}.
 */
public final class Connection {

    private final WebSocket socket;
    private final AtomicBoolean ended;
    /** The JDK WebSocket allows one outstanding send; each send waits for the previous one. */
    private CompletableFuture<?> lastSend = CompletableFuture.completedFuture(null);

    private Connection(WebSocket socket, AtomicBoolean ended) {
        this.socket = socket;
        this.ended = ended;
    }

    /**
     * Connects; the future fails with an exception whose message says in plain words why the server could not be
     * reached.
     */
    public static CompletableFuture<Connection> open(Endpoint endpoint, Consumer<Input> sink) {
        AtomicBoolean ended = new AtomicBoolean();
        Listener listener = new Listener(sink, ended);
        WebSocket.Builder builder = endpoint.http().newWebSocketBuilder()
                .connectTimeout(Endpoint.CONNECT_TIMEOUT)
                .subprotocols(Limits.SUBPROTOCOL);
        if (endpoint.token() != null) {
            builder.header("Authorization", "Bearer " + endpoint.token());
        }
        return builder.buildAsync(endpoint.uri(), listener).handle((socket, error) -> {
            if (error != null) {
                throw new CompletionException(new ConnectException(describe(endpoint.uri(), error)));
            }
            return new Connection(socket, ended);
        });
    }

    /** Plain {@code ws://} without a token: for tests and tools. */
    public static CompletableFuture<Connection> open(URI uri, Consumer<Input> sink) {
        try {
            return open(Endpoint.of(uri, null, null), sink);
        } catch (Endpoint.TrustException e) {
            throw new IllegalStateException(e);
        }
    }

    public synchronized void send(ClientRequest request) {
        String json = Codec.encodeToString(request);
        lastSend = lastSend.handle((ok, error) -> null).thenCompose(ignored -> socket.sendText(json, true));
    }

    /** Closes politely (Close 1000 after pending sends), giving up after a second. Reports no disconnect. */
    public void close() {
        ended.set(true);
        CompletableFuture<?> closing;
        synchronized (this) {
            closing = lastSend.handle((ok, error) -> null)
                    .thenCompose(ignored -> socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye"));
        }
        try {
            closing.get(1, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // The server may be gone already; closing is best effort.
        }
        socket.abort();
    }

    private static String describe(URI uri, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        String why = switch (cause) {
            case ConnectException e -> "connection refused (is the server running?)";
            case HttpTimeoutException e -> "timed out after " + Endpoint.CONNECT_TIMEOUT.toSeconds() + " s";
            case WebSocketHandshakeException e -> switch (e.getResponse().statusCode()) {
                case 401 -> "the server requires a valid token (HTTP 401): pass --token or set CHAT_TOKEN";
                case 403 -> "the server refused this origin (HTTP 403)";
                case 429 -> "too many connections from this address (HTTP 429)";
                case 503 -> "the server is full (HTTP 503); try again later";
                default -> "the server did not accept a WebSocket connection (HTTP "
                        + e.getResponse().statusCode() + ")";
            };
            case javax.net.ssl.SSLHandshakeException e -> "TLS handshake failed, the server's certificate is not "
                    + "trusted (" + e.getMessage() + "); for a private CA pass --ca FILE";
            case java.io.IOException e when e.getCause() instanceof javax.net.ssl.SSLHandshakeException ssl ->
                    "TLS handshake failed, the server's certificate is not trusted (" + ssl.getMessage()
                            + "); for a private CA pass --ca FILE";
            case java.nio.channels.UnresolvedAddressException e -> "unknown host " + uri.getHost();
            default -> cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
        };
        return "cannot connect to " + uri + ": " + why;
    }

    private static final class Listener implements WebSocket.Listener {
        private final Consumer<Input> sink;
        private final AtomicBoolean ended;
        private final StringBuilder partial = new StringBuilder();

        Listener(Consumer<Input> sink, AtomicBoolean ended) {
            this.sink = sink;
            this.ended = ended;
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
                // Events this version does not know are skipped: newer servers may send more.
                if (Codec.decodeEvent(json) instanceof Decoded.Ok<ServerEvent> ok) {
                    sink.accept(new Input.Received(ok.value()));
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            String why = statusCode == 1001 && reason.contains("shutting down") ? "server shutting down"
                    : "closed by the server: " + statusCode + (reason.isBlank() ? "" : " " + reason);
            end(why);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            end(error.getMessage() != null ? error.getMessage() : error.getClass().getSimpleName());
        }

        private void end(String reason) {
            if (ended.compareAndSet(false, true)) {
                sink.accept(new Input.Disconnected(reason));
            }
        }
    }
}
