package mychat.server.cluster;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.io.IOException;
import java.net.SocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import mychat.server.history.ChatMessage;
import mychat.server.room.SharedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's pub/sub connection: one channel per room that has members here, and the node's probe channel.
 * Rooms subscribe when they open and unsubscribe when they retire; a channel is subscribed while any room under
 * its name needs it (a retiring room and its successor overlap). Events go to {@code deliver} as
 * {@link SharedEvent}s, on Lettuce's thread.
 *
 * <p>Pub/sub is fire-and-forget: whatever is published while the connection is down, or after Redis cut it (its
 * output buffer limit), is lost to this node. So the node watches it: a reconnect, a probe that does not come back,
 * or a probe number skipped all make every room catch up from its stream ({@code onLoss}). A connection that stays
 * silent although probes are published is replaced.
 */
final class PubSub {
    private static final Logger log = LoggerFactory.getLogger(PubSub.class);
    private static final JsonFactory JSON = new JsonFactory();

    private final RedisClient client;
    private final String probeChannel;
    private final BiConsumer<String, SharedEvent> deliver;
    private final BiConsumer<String, String> typing;
    private final NodeIdentity node;
    private final Runnable onLoss;
    /** Channel to the number of rooms that need it; guarded by this. */
    private final Map<String, Integer> subscribers = new HashMap<>();
    private StatefulRedisPubSubConnection<String, String> connection;
    /** The probe number last seen; -1 before the first. */
    private volatile long lastProbe = -1;
    /** A reconnect happened: catch up once the next probe proves the subscriptions are back. */
    private volatile boolean catchUpAfterProbe;
    private volatile boolean connectedBefore;

    /**
     * @param typing gets room and nick of each typing hint published by another node (this node's own are skipped)
     */
    PubSub(RedisClient client, String probeChannel, BiConsumer<String, SharedEvent> deliver,
           BiConsumer<String, String> typing, NodeIdentity node, Runnable onLoss) {
        this.client = client;
        this.probeChannel = probeChannel;
        this.deliver = deliver;
        this.typing = typing;
        this.node = node;
        this.onLoss = onLoss;
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
                if (connectedBefore) {
                    catchUpAfterProbe = true;
                }
                connectedBefore = true;
            }
        });
        connect();
    }

    private synchronized void connect() {
        connection = client.connectPubSub();
        connection.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                onMessage(channel, message);
            }
        });
        String[] channels = subscribers.keySet().toArray(String[]::new);
        connection.sync().subscribe(probeChannel);
        if (channels.length > 0) {
            connection.sync().subscribe(channels);
        }
    }

    /** Replaces a connection that went silent; rooms catch up once the new one is proven. */
    void reconnect() {
        log.warn("pub/sub connection went silent; replacing it");
        StatefulRedisPubSubConnection<String, String> old;
        synchronized (this) {
            old = connection;
        }
        old.closeAsync();
        catchUpAfterProbe = true;
        try {
            connect();
        } catch (RuntimeException e) {
            log.warn("pub/sub: cannot connect yet: {}", e.toString());
        }
    }

    synchronized CompletableFuture<Void> subscribe(String channel) {
        int n = subscribers.merge(channel, 1, Integer::sum);
        if (n > 1) {
            return CompletableFuture.completedFuture(null);
        }
        return connection.async().subscribe(channel).toCompletableFuture();
    }

    synchronized void unsubscribe(String channel) {
        Integer n = subscribers.computeIfPresent(channel, (c, count) -> count == 1 ? null : count - 1);
        if (n == null) {
            connection.async().unsubscribe(channel);
        }
    }

    long lastProbe() {
        return lastProbe;
    }

    private void onMessage(String channel, String message) {
        if (channel.equals(probeChannel)) {
            onProbe(Long.parseLong(message));
            return;
        }
        String room = RoomKeys.roomOfChannel(channel);
        if (room == null) {
            return;
        }
        try {
            if (message.startsWith(TYPING_PREFIX)) {
                onTyping(room, message);
            } else {
                deliver.accept(room, parse(room, message));
            }
        } catch (IOException | RuntimeException e) {
            log.warn("room {}: unreadable event {}: {}", room, message, e.toString());
        }
    }

    private void onProbe(long n) {
        long previous = lastProbe;
        lastProbe = n;
        if (catchUpAfterProbe || previous >= 0 && n != previous + 1) {
            catchUpAfterProbe = false;
            log.info("pub/sub may have lost events; every room catches up from its stream");
            onLoss.run();
        }
    }

    /**
     * Typing hints share the room's channel but not its event order: {@code {"t":"y","o":node,"n":nick}}, published
     * by {@link #publishTyping}, recognised by this prefix before any parsing.
     */
    private static final String TYPING_PREFIX = "{\"t\":\"y\",";

    /** The message {@link #onTyping} reads; JSON-escaped by Jackson, the prefix written first. */
    static String typingMessage(String origin, String nick) {
        try (var out = new java.io.StringWriter(); var g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("t", "y");
            g.writeStringField("o", origin);
            g.writeStringField("n", nick);
            g.writeEndObject();
            g.flush();
            return out.toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void onTyping(String room, String message) throws IOException {
        String origin = null;
        String nick = null;
        try (JsonParser p = JSON.createParser(message)) {
            p.nextToken();
            String field;
            while ((field = p.nextFieldName()) != null) {
                p.nextToken();
                switch (field) {
                    case "o" -> origin = p.getText();
                    case "n" -> nick = p.getText();
                    default -> p.skipChildren();
                }
            }
        }
        if (nick != null && !node.id().equals(origin)) {
            typing.accept(room, nick);
        }
    }

    /** The event as the scripts publish it: {@code {s, t: m|j|l|k|n|d|c, …}}. */
    static SharedEvent parse(String room, String json) throws IOException {
        long seq = 0;
        long id = 0;
        long ts = 0;
        String type = null;
        String from = null;
        String text = null;
        String cid = null;
        String nick = null;
        String token = null;
        String reason = null;
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not an object");
            }
            String field;
            while ((field = p.nextFieldName()) != null) {
                p.nextToken();
                switch (field) {
                    case "s" -> seq = p.getLongValue();
                    case "i" -> id = p.getLongValue();
                    case "ts" -> ts = p.getLongValue();
                    case "t" -> type = p.getText();
                    case "f" -> from = p.getText();
                    case "x" -> text = p.getText();
                    case "c" -> cid = p.getText();
                    case "n" -> nick = p.getText();
                    case "k" -> token = p.getText();
                    case "r" -> reason = p.getText();
                    default -> p.skipChildren();
                }
            }
        }
        return switch (type == null ? "" : type) {
            case "m" -> new SharedEvent.Said(seq, new ChatMessage(room, id, ts, from, text, cid));
            case "j" -> new SharedEvent.Entered(seq, nick, token);
            case "l" -> new SharedEvent.Exited(seq, nick, token);
            case "k" -> new SharedEvent.Kicked(seq, nick, token, reason);
            case "n" -> new SharedEvent.Noticed(seq, text, ts);
            case "d" -> new SharedEvent.Deleted(seq, id);
            case "c" -> new SharedEvent.Closed(seq, reason);
            default -> throw new IOException("unknown event type " + type);
        };
    }

    synchronized void close() {
        connection.close();
    }
}
