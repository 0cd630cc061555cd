package mychat.bench.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The generator's event loops (native epoll) and the recipe for a benchmark connection to one of the servers: TCP
 * (optionally bound to the next source address), the WebSocket handshake with subprotocol {@code chat.v1}, then a
 * {@link BenchConnection}
 * (fanout, connect) or any other last handler ({@link #connect}, the soak's clients). After the handshake a
 * {@link BenchConnection} reads frames with a {@link FrameReader} instead of Netty's decoder; Netty's client
 * protocol handler still answers the server's pings. Incoming text is not checked for valid UTF-8: that
 * would cost a pass over every byte, and the servers only send what they were given.
 */
public final class ClientLoops implements AutoCloseable {
    private static final int CONNECT_TIMEOUT_MILLIS = 15_000;
    private static final long HANDSHAKE_TIMEOUT_MILLIS = 60_000;
    static final int MAX_FRAME_PAYLOAD = 1 << 20;

    /** Per server, in the order given: its address and its handshake (whose {@code Host} header names it). */
    private final List<InetSocketAddress> remotes;
    private final List<WebSocketClientProtocolConfig> webSockets;
    private final SourceAddresses sources;
    private final Tallies tallies = new Tallies();
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;

    public ClientLoops(URI url, int threads, SourceAddresses sources) {
        this(List.of(url), threads, sources);
    }

    /** Loops for connections to any of {@code urls} (the nodes of a cluster); each connection names its server. */
    public ClientLoops(List<URI> urls, int threads, SourceAddresses sources) {
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("no server URL");
        }
        Epoll.ensureAvailability();
        this.remotes = urls.stream()
                .map(url -> new InetSocketAddress(url.getHost(), url.getPort() < 0 ? 80 : url.getPort()))
                .toList();
        this.webSockets = urls.stream().map(ClientLoops::webSocket).toList();
        this.sources = sources;
        this.group = new MultiThreadIoEventLoopGroup(threads, EpollIoHandler.newFactory());
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(EpollSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_REUSEADDR, true) // binding a source port that is still in TIME_WAIT
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS);
    }

    private static WebSocketClientProtocolConfig webSocket(URI url) {
        return WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(url)
                .version(WebSocketVersion.V13)
                .subprotocol("chat.v1")
                .allowExtensions(false)
                .maxFramePayloadLength(MAX_FRAME_PAYLOAD)
                .handleCloseFrames(false) // the last handler counts the server's close codes
                .dropPongFrames(true)
                .withUTF8Validator(false)
                .handshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MILLIS)
                .build();
    }

    public Tallies tallies() {
        return tallies;
    }

    /** How many servers connections can go to; they are numbered from 0 in the order given. */
    public int servers() {
        return remotes.size();
    }

    /**
     * Opens a connection to server number {@code server} for {@code room} and {@code nick}; with {@code autoJoin}
     * it joins right after the handshake, otherwise when told to. Watch {@link BenchConnection#connected()} and
     * {@link BenchConnection#joined()}.
     */
    public BenchConnection open(int server, String room, String nick, boolean autoJoin) {
        return open(server, room, nick, null, autoJoin);
    }

    /** As {@link #open(int, String, String, boolean)}, joining with {@code since} (resume after it) unless null. */
    public BenchConnection open(int server, String room, String nick, Long since, boolean autoJoin) {
        BenchConnection connection = new BenchConnection(room, nick, since, tallies, autoJoin);
        connect(server, null, 0, connection).addListener(f -> {
            if (!f.isSuccess()) {
                connection.failed(f.cause());
            }
        });
        return connection;
    }

    /** {@link #connect(int, EventLoop, int, ChannelHandler)} to the first server. */
    public ChannelFuture connect(EventLoop loop, int receiveBuffer, ChannelHandler last) {
        return connect(0, loop, receiveBuffer, last);
    }

    /**
     * Opens a WebSocket connection to server number {@code server} whose pipeline ends with {@code last}: TCP (from
     * the next source address), then
     * the handshake with subprotocol {@code chat.v1}. {@code last} sees
     * {@link WebSocketClientProtocolHandler.ClientHandshakeStateEvent}s, the text frames and the server's Close
     * frame, which is passed on rather than answered, so that its code can be counted; pings are answered for it.
     *
     * @param loop          the event loop to run the connection on; null: the next one in turn
     * @param receiveBuffer the socket's receive buffer ({@code SO_RCVBUF}) in bytes; 0: the kernel's default
     * @return the TCP connect's future; the handshake's outcome arrives as an event at {@code last}
     */
    public ChannelFuture connect(int server, EventLoop loop, int receiveBuffer, ChannelHandler last) {
        WebSocketClientProtocolConfig webSocket = webSockets.get(server);
        InetSocketAddress remote = remotes.get(server);
        Bootstrap b = (loop == null ? bootstrap.clone() : bootstrap.clone(loop))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(new HttpClientCodec())
                                .addLast(new HttpObjectAggregator(8192))
                                .addLast(new WebSocketClientProtocolHandler(webSocket))
                                .addLast(last);
                    }
                });
        if (receiveBuffer > 0) {
            b.option(ChannelOption.SO_RCVBUF, receiveBuffer); // before connecting: it sets the window scale
        }
        InetAddress local = sources.next();
        return local == null ? b.connect(remote) : b.connect(remote, new InetSocketAddress(local, 0));
    }

    /** The loops, e.g. to run one pacer per loop. */
    public List<EventLoop> loops() {
        List<EventLoop> loops = new ArrayList<>();
        for (EventExecutor e : group) {
            loops.add((EventLoop) e);
        }
        return loops;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
}
