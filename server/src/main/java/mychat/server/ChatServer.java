package mychat.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
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
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mychat.server.history.HistoryStore;
import mychat.server.history.MemoryHistoryStore;
import mychat.server.history.SqliteHistoryStore;
import mychat.server.history.StoreException;
import mychat.server.hub.Hub;
import mychat.server.room.Room;
import mychat.server.net.ChatChannelInitializer;
import mychat.server.wire.Closing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running server: the listening socket, the event loops (shared by connections and rooms), the hub, and the set
 * of open WebSocket sessions used for a graceful shutdown. Start with {@link #start}; stop with {@link #shutdown}.
 */
public final class ChatServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChatServer.class);

    private final EventLoopGroup loops;
    private final Channel listener;
    private final ChannelGroup sessions;
    private final Hub hub;
    private final HistoryStore store;
    private final String transport;
    private volatile boolean stopped;

    private ChatServer(EventLoopGroup loops, Channel listener, ChannelGroup sessions, Hub hub, HistoryStore store,
                       String transport) {
        this.loops = loops;
        this.listener = listener;
        this.sessions = sessions;
        this.hub = hub;
        this.store = store;
        this.transport = transport;
    }

    /**
     * Opens the history store, binds and starts serving. Throws {@link StoreException} when the store is unusable
     * and another exception when the address cannot be bound.
     */
    public static ChatServer start(ServerConfig config) throws InterruptedException {
        return start(config, Clock.systemUTC());
    }

    public static ChatServer start(ServerConfig config, Clock clock) throws InterruptedException {
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
        HistoryStore store = openStore(config);
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(config.ioThreads(), io);
        try {
            ChannelGroup sessions = new DefaultChannelGroup("sessions", GlobalEventExecutor.INSTANCE);
            Hub hub = new Hub(loops, new Room.Settings(clock, store, config.roomBuffer(),
                    config.slowConsumerTimeout().toMillis(), config.historyOnJoin(), config.historyMax()));
            Channel listener = new ServerBootstrap()
                    .group(loops)
                    .channel(channelType)
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 256 * 1024))
                    .childHandler(new ChatChannelInitializer(config, hub, sessions))
                    .bind(config.host(), config.port())
                    .sync()
                    .channel();
            String transport = epoll ? "epoll" : "nio";
            return new ChatServer(loops, listener, sessions, hub, store, transport);
        } catch (InterruptedException | RuntimeException e) {
            loops.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            store.close();
            throw e;
        }
    }

    /** Opens the configured history store; throws {@link StoreException} when it is unusable. */
    private static HistoryStore openStore(ServerConfig config) {
        return switch (config.store()) {
            case MEMORY -> new MemoryHistoryStore(config.historyMax());
            case SQLITE -> new SqliteHistoryStore(config.dataDir(), config.historyMax(), config.historySyncFull());
        };
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) listener.localAddress();
    }

    public int port() {
        return address().getPort();
    }

    public String transport() {
        return transport;
    }

    public Hub hub() {
        return hub;
    }

    /** Open WebSocket sessions right now. */
    public int sessionCount() {
        return sessions.size();
    }

    /** Bytes queued in the server for all sessions, waiting for their sockets to take them. */
    public long pendingOutboundBytes() {
        long total = 0;
        for (Channel session : sessions) {
            var buffer = session.unsafe().outboundBuffer();
            total += buffer == null ? 0 : buffer.totalPendingWriteBytes();
        }
        return total;
    }

    /**
     * Stops accepting, sends Close 1001 to every client, waits for the closing handshakes to finish (at most
     * {@code timeout}, minus a moment to stop the loops), then stops the event loops. Idempotent.
     */
    public synchronized void shutdown(Duration timeout) {
        if (stopped) {
            return;
        }
        stopped = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        listener.close().awaitUninterruptibly(timeout.toMillis());
        log.info("shutting down: closing {} connections", sessions.size());
        for (Channel session : sessions) {
            Closing.close(session, Closing.GOING_AWAY, "server shutting down");
        }
        long closeBudget = Math.min(Closing.GRACE_MILLIS + 500, remainingMillis(deadline) - 500);
        sessions.newCloseFuture().awaitUninterruptibly(Math.max(closeBudget, 0));
        loops.shutdownGracefully(0, Math.max(remainingMillis(deadline), 0), TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(Math.max(remainingMillis(deadline), 0));
        store.close(Math.max(remainingMillis(deadline), 100));
        log.info("stopped");
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(5));
    }

    private static long remainingMillis(long deadlineNanos) {
        return TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
    }
}
