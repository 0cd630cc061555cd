package mychat.server.cluster;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mychat.server.history.HistoryStore;
import mychat.server.hub.Hub;
import mychat.server.metrics.ServerMetrics;
import mychat.server.moderation.Moderation;
import mychat.server.telemetry.Tracing;
import mychat.server.room.Room;
import mychat.server.room.RoomCommand;
import mychat.server.room.RoomPeers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's membership in a cluster ({@code CHAT_STORE=redis}): the Redis connections (one for commands, one
 * for pub/sub), the shared rooms, and the heartbeat. Commands time out after 1.5 s and fail at once while the
 * connection is down (nothing is queued to run later); Lettuce reconnects with backoff by itself.
 */
public final class Cluster implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Cluster.class);
    static final Duration COMMAND_TIMEOUT = Duration.ofMillis(1_500);
    /**
     * How long a new connection's handshake (HELLO) may take. Lettuce takes it from the URI; commands keep their
     * own timeout. A node starting next to others on a busy machine can take seconds to get through it, and
     * failing the start for that would be wrong; while a connection is down, commands are refused at once anyway.
     */
    static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /**
     * The longest wait between attempts to reconnect to Redis (Lettuce's default backs off to 30 s). Once Redis is
     * back, the other nodes' beats count again at once: a node still waiting to retry would look dead to them after
     * the node timeout and be buried, its clients closed.
     */
    static final Duration RECONNECT_DELAY_MAX = Duration.ofSeconds(1);

    /** Redis is unusable as configured: exit code 2. */
    public static final class Unusable extends Exception {
        Unusable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final ClientResources resources;
    private final RedisClient commandClient;
    private final RedisClient pubSubClient;
    private final StatefulRedisConnection<String, String> connection;
    private final NodeIdentity node = new NodeIdentity();
    private final PubSub pubSub;
    private final RedisRooms rooms;
    private final RoomNames roomNames;
    private final NodeWatch watch;
    private volatile Hub hub;
    private volatile Runnable onBuried = () -> {};

    private Cluster(RedisURI uri, ServerMetrics metrics, Tracing tracing, int historyMax, Duration nodeTimeout)
            throws Unusable {
        resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), RECONNECT_DELAY_MAX, 2, TimeUnit.MILLISECONDS))
                .build();
        ClientOptions options = ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .socketOptions(SocketOptions.builder().connectTimeout(COMMAND_TIMEOUT).keepAlive(true).build())
                .build();
        commandClient = RedisClient.create(resources, uri);
        commandClient.setOptions(options);
        pubSubClient = RedisClient.create(resources, uri);
        pubSubClient.setOptions(options);
        try {
            connection = commandClient.connect();
        } catch (RuntimeException e) {
            shutdownClients();
            throw new Unusable("CHAT_REDIS_URL: cannot connect to Redis at " + uri.getHost() + ":" + uri.getPort()
                    + ": " + rootMessage(e), e);
        }
        checkSettings();
        try {
            Scripts.load(connection.async()).get(COMMAND_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            shutdownClients();
            throw new Unusable("cannot load my-chat's functions into Redis (Redis 7 or newer is needed): "
                    + rootMessage(e), e);
        }
        String probeChannel = "chat:{nodes}:probe:" + node.id();
        pubSub = new PubSub(pubSubClient, probeChannel, this::deliver, this::deliverTyping, node,
                this::catchUpEveryRoom);
        rooms = new RedisRooms(connection.async(), pubSub, node, metrics, tracing, historyMax);
        roomNames = new RoomNames(connection.async());
        watch = new NodeWatch(connection, node, pubSub, probeChannel, rooms, metrics, nodeTimeout.toMillis(),
                () -> onBuried.run());
        metrics.gauge("chat_cluster_nodes", "Nodes this node sees beating, itself included", watch::nodesSeen);
    }

    /** Connects to Redis and checks its settings; the node joins when {@link #start} is called. */
    public static Cluster connect(String redisUrl, ServerMetrics metrics, Tracing tracing, int historyMax,
                                  Duration nodeTimeout)
            throws Unusable {
        RedisURI uri;
        try {
            uri = RedisURI.create(redisUrl);
        } catch (RuntimeException e) {
            throw new Unusable("CHAT_REDIS_URL: " + rootMessage(e), e);
        }
        uri.setTimeout(HANDSHAKE_TIMEOUT);
        return new Cluster(uri, metrics, tracing, historyMax, nodeTimeout);
    }

    /**
     * Redis settings that decide whether acknowledged messages survive: eviction would drop history and members
     * silently, so it is refused; without AOF a Redis restart loses history (ids stay safe), so that is a warning.
     * A Redis that does not allow {@code CONFIG GET} is trusted, with a warning.
     */
    private void checkSettings() throws Unusable {
        Map<String, String> config;
        try {
            config = connection.sync().configGet("maxmemory-policy", "appendonly");
        } catch (RuntimeException e) {
            log.warn("cannot read Redis' settings ({}); make sure it runs with appendonly yes and "
                    + "maxmemory-policy noeviction", rootMessage(e));
            return;
        }
        String policy = config.getOrDefault("maxmemory-policy", "noeviction");
        if (!policy.equals("noeviction")) {
            shutdownClients();
            throw new Unusable("Redis runs with maxmemory-policy " + policy + ", which deletes keys when memory "
                    + "runs short and would lose messages and members silently; set maxmemory-policy noeviction", null);
        }
        if (!"yes".equals(config.get("appendonly"))) {
            log.warn("Redis runs without AOF (appendonly no): a Redis restart loses the history (ids still never "
                    + "repeat); set appendonly yes");
        }
    }

    public RoomPeers peers() {
        return rooms;
    }

    public HistoryStore store() {
        return rooms;
    }

    /** The operators' actions, carried out on every node through each room's shared order. */
    public Moderation moderation() {
        return new SharedModeration(rooms, roomNames, connection.async(), () -> hub);
    }

    /**
     * Starts beating and delivering events to {@code hub}'s rooms. {@code onBuried} runs when the other nodes have
     * declared this one dead: every connection must be closed.
     */
    public void start(Hub hub, Runnable onBuried) {
        this.hub = hub;
        this.onBuried = onBuried;
        watch.start();
    }

    /** Whether Redis answers: {@code /readyz}. */
    public boolean ready() {
        return watch.redisReachable() && connection.isOpen();
    }

    /** Rooms with members on any node (a moment's snapshot, at most a second old). */
    public java.util.concurrent.CompletableFuture<List<String>> roomNames() {
        return roomNames.get();
    }

    private void deliver(String room, mychat.server.room.SharedEvent event) {
        Hub h = hub;
        Room r = h == null ? null : h.find(room);
        if (r != null) {
            r.tell(new RoomCommand.Shared(event));
        }
    }

    private void deliverTyping(String room, String nick) {
        Hub h = hub;
        Room r = h == null ? null : h.find(room);
        if (r != null) {
            r.tell(new RoomCommand.PeerTyping(nick));
        }
    }

    private void catchUpEveryRoom() {
        Hub h = hub;
        if (h != null) {
            h.forEachRoom(room -> room.tell(new RoomCommand.Resync()));
        }
    }

    @Override
    public void close() {
        watch.close();
        pubSub.close();
        connection.close();
        shutdownClients();
    }

    private void shutdownClients() {
        commandClient.shutdown(0, 1, TimeUnit.SECONDS);
        pubSubClient.shutdown(0, 1, TimeUnit.SECONDS);
        resources.shutdown(0, 1, TimeUnit.SECONDS);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }
}
