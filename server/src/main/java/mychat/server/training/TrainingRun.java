package mychat.server.training;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import mychat.protocol.ClientRequest;
import mychat.server.ChatServer;
import mychat.server.ServerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AOT cache's training workload: {@code java -XX:AOTCacheOutput=FILE -cp my-chat-server.jar
 * mychat.server.training.TrainingRun}. It starts a server with the default settings on an ephemeral loopback port
 * (first with the SQLite store in a temporary directory, then with the memory store) and runs rounds of clients
 * through it the way a reconnect storm does: connect, join with and without {@code since}, chat, ask for history,
 * leave or drop. The JVM writes the cache when this exits; later starts of the server with {@code -XX:AOTCache}
 * begin with these classes loaded and linked and with these methods' profiles, so the JIT compiles the join and
 * message paths as soon as they run instead of after thousands of interpreted joins.
 *
 * <p>Exit code 0 when every round completed; 1 otherwise (the cache is then not worth keeping).
 */
public final class TrainingRun {
    private static final int ROOMS = 20;
    private static final int CLIENTS_PER_ROUND = 500;
    private static final int SQLITE_ROUNDS = 6;
    private static final int MEMORY_ROUNDS = 3;
    /** Resuming clients ask for up to this many messages they missed. */
    private static final int MAX_MISSED = 15;
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);

    private TrainingRun() {}

    public static void main(String[] args) throws Exception {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
        Path dir = Files.createTempDirectory("my-chat-training");
        int exit = 0;
        try {
            train(Map.of("CHAT_STORE", "sqlite", "CHAT_DATA_DIR", dir.toString()), SQLITE_ROUNDS);
            train(Map.of("CHAT_STORE", "memory"), MEMORY_ROUNDS);
        } catch (Exception e) {
            System.err.println("my-chat training run failed: " + e);
            exit = 1;
        } finally {
            deleteTree(dir);
        }
        System.exit(exit);
    }

    private static void train(Map<String, String> store, int rounds) throws Exception {
        Map<String, String> env = new HashMap<>(store);
        env.put("CHAT_ADDR", "127.0.0.1:0");
        env.put("CHAT_ADMIN_ADDR", "127.0.0.1:0");
        ChatServer server = ChatServer.start(ServerConfig.fromEnv(env));
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            URI url = URI.create("ws://127.0.0.1:" + server.port() + "/");
            Bootstrap bootstrap = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true).remoteAddress("127.0.0.1", server.port());
            WebSocketClientProtocolConfig config = TrainingClient.config(url);
            long[] lastIds = new long[ROOMS];
            for (int round = 0; round < rounds; round++) {
                round(bootstrap, config, round, lastIds);
            }
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            server.shutdown(Duration.ofSeconds(5));
        }
    }

    /** One storm: every client connects and joins at once, says two lines, some ask for more, all leave. */
    private static void round(Bootstrap bootstrap, WebSocketClientProtocolConfig config, int round, long[] lastIds)
            throws Exception {
        List<TrainingClient> clients = new ArrayList<>(CLIENTS_PER_ROUND);
        for (int i = 0; i < CLIENTS_PER_ROUND; i++) {
            int room = i % ROOMS;
            Long since = round == 0 ? null : Math.max(0, lastIds[room] - i % (MAX_MISSED + 1));
            clients.add(TrainingClient.open(bootstrap, config, "training-" + room, "t" + round + "-" + i, since));
        }
        await(clients, c -> c.joined);
        clients.forEach(c -> c.say(2));
        await(clients, c -> c.ownEchoed);
        List<TrainingClient> asking = new ArrayList<>();
        for (int i = 0; i < clients.size(); i += 5) {
            TrainingClient c = clients.get(i);
            c.send(i % 10 == 0 ? new ClientRequest.History(null, null, 20) : new ClientRequest.ListRooms());
            asking.add(c);
        }
        await(asking, c -> c.answer);
        for (int i = 0; i < clients.size(); i++) {
            TrainingClient c = clients.get(i);
            lastIds[i % ROOMS] = Math.max(lastIds[i % ROOMS], c.lastId);
            if (i % 2 == 0) {
                c.send(new ClientRequest.Leave());
            }
        }
        List<ChannelFuture> closed = clients.stream().map(c -> c.channel().close()).toList();
        for (ChannelFuture f : closed) {
            f.awaitUninterruptibly(STEP_TIMEOUT.toMillis());
        }
    }

    private static void await(List<TrainingClient> clients,
                              Function<TrainingClient, CompletableFuture<?>> what) throws Exception {
        CompletableFuture.allOf(clients.stream().map(what).toArray(CompletableFuture[]::new))
                .get(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
