package mychat.bench.floor;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.net.InetSocketAddress;

/**
 * The least a fan-out server can do, as a baseline for what this machine allows: one event loop, no JSON parsing,
 * each message framed once and the same bytes written to every member, one flush per member per loop turn. It
 * speaks just enough of protocol v1 for the load generator ({@link FloorRelay}), and nothing else: no checks, no
 * history, no slow-consumer protection. Not a chat server; compare my-chat with it to see what is the machine's
 * doing and what is the server's (docs/BENCHMARKS.md).
 */
public final class FloorServer implements AutoCloseable {
    private final EventLoopGroup loop;
    private final Channel listener;

    private FloorServer(EventLoopGroup loop, Channel listener) {
        this.loop = loop;
        this.listener = listener;
    }

    /** Listens on {@code host:port} (0: any free port) with a single epoll event loop. */
    public static FloorServer start(String host, int port) throws InterruptedException {
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        Rooms rooms = new Rooms();
        try {
            Channel listener = new ServerBootstrap().group(loop).channel(EpollServerSocketChannel.class)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024),
                                    new WebSocketServerProtocolHandler("/", "chat.v1"), new FloorRelay(rooms));
                        }
                    }).bind(host, port).sync().channel();
            return new FloorServer(loop, listener);
        } catch (RuntimeException | InterruptedException e) {
            loop.shutdownGracefully();
            throw e;
        }
    }

    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** Blocks until the listener closes (never, unless {@link #close} is called). */
    public void awaitClose() throws InterruptedException {
        listener.closeFuture().sync();
    }

    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        loop.shutdownGracefully().syncUninterruptibly();
    }
}
