package mychat.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import mychat.server.admin.AdminServer;
import mychat.server.auth.Authenticator;
import mychat.server.cluster.Cluster;
import mychat.server.history.HistoryStore;
import mychat.server.history.MemoryHistoryStore;
import mychat.server.history.SqliteHistoryStore;
import mychat.server.history.StoreException;
import mychat.server.hub.Hub;
import mychat.server.metrics.ServerMetrics;
import mychat.server.moderation.BanList;
import mychat.server.moderation.LocalModeration;
import mychat.server.moderation.Moderation;
import mychat.server.net.ChatChannelInitializer;
import mychat.server.net.Heartbeat;
import mychat.server.net.NetContext;
import mychat.server.net.TlsSetup;
import mychat.server.room.Room;
import mychat.server.telemetry.Telemetry;
import mychat.server.telemetry.Tracing;
import mychat.server.wire.Closing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running server: the listening socket, the event loops (shared by connections, rooms and the admin listener),
 * the hub, the history store, the operators' bans and the set of open WebSocket sessions used for a graceful
 * shutdown. Start with {@link #start}; stop with {@link #shutdown}.
 */
public final class ChatServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChatServer.class);

    /** The configuration names something unusable: a corrupt database, a bad certificate or key. Exit code 2. */
    public static final class StartupException extends Exception {
        StartupException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final EventLoopGroup loops;
    private final Channel listener;
    private final AdminServer admin;
    private final ChannelGroup sessions;
    private final HistoryStore store;
    /** This node's place in a cluster; null when it runs alone. */
    private final Cluster cluster;
    private final String transport;
    private final Telemetry telemetry;
    private volatile boolean stopping;
    private boolean stopped;

    private ChatServer(EventLoopGroup loops, Channel listener, AdminServer admin, ChannelGroup sessions,
                       Storage storage, String transport, Telemetry telemetry) {
        this.loops = loops;
        this.listener = listener;
        this.admin = admin;
        this.sessions = sessions;
        this.store = storage.store();
        this.cluster = storage.cluster();
        this.transport = transport;
        this.telemetry = telemetry;
    }

    /** The history store, and the cluster it belongs to (null when alone). */
    private record Storage(HistoryStore store, Cluster cluster) {
        void close() {
            if (cluster != null) {
                cluster.close();
            } else {
                store.close();
            }
        }
    }

    public static ChatServer start(ServerConfig config) throws StartupException, InterruptedException {
        return start(config, Clock.systemUTC());
    }

    /**
     * Checks TLS and token settings, opens the history store, binds the chat and admin listeners and starts
     * serving. Throws {@link StartupException} for unusable files and an exception from Netty when an address
     * cannot be bound.
     */
    public static ChatServer start(ServerConfig config, Clock clock) throws StartupException, InterruptedException {
        // Opening the store (native library, integrity check) is the slowest part of start-up; it overlaps with
        // setting up TLS, tokens and the event loops.
        Telemetry telemetry;
        try {
            telemetry = Telemetry.fromEnv(config.telemetry());
        } catch (Telemetry.InvalidConfigException e) {
            throw new StartupException(e.getMessage(), e);
        }
        ServerMetrics metrics = new ServerMetrics(telemetry.meterRegistry());
        Tracing tracing = telemetry.tracing();
        CompletableFuture<Storage> opening = CompletableFuture.supplyAsync(() -> openStore(config, metrics, tracing),
                runnable -> Thread.ofPlatform().name("history-open").start(runnable));
        SslContext ssl;
        Authenticator authenticator;
        try {
            ssl = tls(config);
            authenticator = authenticator(config);
        } catch (StartupException e) {
            opening.thenAccept(Storage::close);
            telemetry.close();
            throw e;
        }
        boolean epoll = switch (config.transport()) {
            case AUTO -> Epoll.isAvailable();
            case EPOLL -> {
                Epoll.ensureAvailability();
                yield true;
            }
            case NIO -> false;
        };
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType =
                epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(config.ioThreads(), io);
        Storage storage;
        try {
            storage = opening.join();
        } catch (CompletionException e) {
            loops.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            telemetry.close();
            throw new StartupException(e.getCause().getMessage(), e.getCause());
        }
        BanList bans;
        try {
            bans = BanList.load(storage.store(), clock);
        } catch (Exception e) {
            loops.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            storage.close();
            throw new StartupException("cannot read the bans from the history store: " + e, e);
        }
        Channel listener = null;
        try {
            ChannelGroup sessions = new DefaultChannelGroup("sessions", GlobalEventExecutor.INSTANCE);
            ServerConfig.Delivery delivery = config.delivery();
            Cluster cluster = storage.cluster();
            Hub hub = new Hub(loops, new Room.Settings(clock, storage.store(), metrics,
                    delivery.slowConsumerTimeout().toMillis(), config.history().onJoin(), config.history().max(),
                    cluster == null ? null : cluster.peers()), cluster == null ? null : cluster::roomNames);
            if (cluster != null) {
                cluster.start(hub, () -> {
                    for (Channel session : sessions) {
                        Closing.close(session, Closing.SERVICE_RESTART, "this node rejoins the cluster; reconnect");
                    }
                });
            }
            ChatChannelInitializer initializer = new ChatChannelInitializer(
                    new NetContext(config, hub, sessions, ssl, authenticator, metrics, tracing, clock, bans));
            listener = new ServerBootstrap()
                    .group(loops)
                    .channel(channelType)
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    // One allocator for all connections (each still gets its own sizing handle): a per-connection
                    // allocator object is memory every idle connection pays for.
                    .childOption(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator())
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(
                            delivery.outboundLimitBytes() / 8, delivery.outboundLimitBytes()))
                    .childHandler(initializer)
                    .bind(config.host(), config.port())
                    .sync()
                    .channel();
            Heartbeat.start(sessions, delivery.pingInterval(), loops);
            registerGauges(metrics, initializer, sessions, hub, storage.store());
            metrics.bindJvmMetrics(); // after the bind: it costs start-up time and nothing needs it sooner
            if (cluster != null) { // bans made on other nodes
                loops.next().scheduleAtFixedRate(bans::reload, 1, 1, TimeUnit.SECONDS);
            }
            Moderation moderation = cluster != null ? cluster.moderation()
                    : new LocalModeration(hub, storage.store());
            ChatServer[] self = new ChatServer[1];
            AdminServer admin = config.adminAddress() == null ? null : AdminServer.start(config.adminAddress(),
                    loops, channelType, metrics, () -> self[0] != null && !self[0].stopping
                            && (cluster == null || cluster.ready()),
                    new AdminServer.Operations(config.adminToken(), moderation, bans, clock));
            self[0] = new ChatServer(loops, listener, admin, sessions, storage, epoll ? "epoll" : "nio", telemetry);
            return self[0];
        } catch (InterruptedException | RuntimeException e) {
            if (listener != null) {
                listener.close();
            }
            loops.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            storage.close();
            telemetry.close();
            throw e;
        }
    }

    private static SslContext tls(ServerConfig config) throws StartupException {
        if (config.tls() == null) {
            return null;
        }
        try {
            return TlsSetup.serverContext(config.tls());
        } catch (TlsSetup.TlsException e) {
            throw new StartupException(e.getMessage(), e);
        }
    }

    private static Authenticator authenticator(ServerConfig config) throws StartupException {
        ServerConfig.Jwt jwt = config.jwt();
        if (jwt == null) {
            return null;
        }
        try {
            return jwt.secret() != null ? Authenticator.hs256(jwt.secret(), jwt.leeway())
                    : Authenticator.fromPublicKeyPem(jwt.publicKey(), jwt.leeway());
        } catch (IOException | IllegalArgumentException e) {
            throw new StartupException("CHAT_JWT_PUBLIC_KEY: " + e.getMessage(), e);
        }
    }

    /** Throws {@link StoreException} (through the future) when the store is unusable. */
    private static Storage openStore(ServerConfig config, ServerMetrics metrics, Tracing tracing) {
        ServerConfig.History history = config.history();
        return switch (history.store()) {
            case MEMORY -> new Storage(new MemoryHistoryStore(history.max()), null);
            case SQLITE -> new Storage(new SqliteHistoryStore(history.dataDir(), history.max(), history.syncFull(),
                    tracing), null);
            case REDIS -> {
                try {
                    Cluster cluster = Cluster.connect(history.redisUrl(), metrics, tracing, history.max(),
                            history.nodeTimeout());
                    yield new Storage(cluster.store(), cluster);
                } catch (Cluster.Unusable e) {
                    throw new StoreException(e.getMessage(), e);
                }
            }
        };
    }

    private static void registerGauges(ServerMetrics metrics, ChatChannelInitializer initializer,
                                       ChannelGroup sessions, Hub hub, HistoryStore store) {
        metrics.gauge("chat_connections", "Open TCP connections, upgraded or not", initializer::connectionCount);
        metrics.gauge("chat_sessions", "Open WebSocket sessions", sessions::size);
        metrics.gauge("chat_rooms", "Rooms that exist (have members or a join on its way)", hub::roomCount);
        metrics.gauge("chat_members", "Room memberships", hub::memberCount);
        metrics.gauge("chat_history_queue_depth", "Messages waiting for the history writer", store::pendingWrites);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) listener.localAddress();
    }

    public int port() {
        return address().getPort();
    }

    /** The admin listener's address, or null when it is switched off. */
    public InetSocketAddress adminAddress() {
        return admin == null ? null : admin.address();
    }

    public String transport() {
        return transport;
    }

    /** What the start-up line says about OpenTelemetry: off, or what it exports. */
    public String telemetry() {
        return telemetry.describe();
    }

    /**
     * Stops accepting, reports not-ready, sends Close 1001 to every client, waits for the closing handshakes to
     * finish (at most {@code timeout}, minus a moment to stop the loops), writes out pending history, then stops
     * the event loops. Idempotent.
     */
    public synchronized void shutdown(Duration timeout) {
        if (stopped) {
            return;
        }
        stopped = true;
        stopping = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        listener.close().awaitUninterruptibly(timeout.toMillis());
        log.info("shutting down: closing {} connections", sessions.size());
        for (Channel session : sessions) {
            Closing.close(session, Closing.GOING_AWAY, "server shutting down");
        }
        long closeBudget = Math.min(Closing.GRACE_MILLIS + 500, remainingMillis(deadline) - 500);
        sessions.newCloseFuture().awaitUninterruptibly(Math.max(closeBudget, 0));
        if (admin != null) {
            admin.close();
        }
        loops.shutdownGracefully(0, Math.max(remainingMillis(deadline), 0), TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(Math.max(remainingMillis(deadline), 0));
        if (cluster != null) {
            cluster.close();
        } else {
            store.close(Math.max(remainingMillis(deadline), 100));
        }
        telemetry.close(Math.max(remainingMillis(deadline), 500)); // last: the final commits' spans go out too
        log.info("stopped");
    }

    /** Marks the server not ready (for {@code /readyz}) ahead of a shutdown, e.g. while a load balancer drains. */
    public void markStopping() {
        stopping = true;
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(5));
    }

    private static long remainingMillis(long deadlineNanos) {
        return TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
    }
}
