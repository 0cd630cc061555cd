package mychat.server.net;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import mychat.server.ServerConfig;
import mychat.server.hub.Hub;

/**
 * The pipeline of a new connection, before the upgrade: HTTP/1.1 only. {@link HandshakeHandler} takes it from there.
 */
public final class ChatChannelInitializer extends ChannelInitializer<SocketChannel> {
    /** Longest request line and header block accepted; a WebSocket upgrade needs far less. */
    private static final int MAX_INITIAL_LINE = 4096;
    private static final int MAX_HEADER_BYTES = 8192;
    /** Upgrade requests have no body; this only bounds what a confused client may send. */
    private static final int MAX_BODY_BYTES = 8192;

    private final ServerConfig config;
    private final Hub hub;
    private final ChannelGroup sessions;

    public ChatChannelInitializer(ServerConfig config, Hub hub, ChannelGroup sessions) {
        this.config = config;
        this.hub = hub;
        this.sessions = sessions;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.pipeline()
                .addLast("http", new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_BYTES, MAX_INITIAL_LINE))
                .addLast("aggregator", new HttpObjectAggregator(MAX_BODY_BYTES))
                .addLast("handshake", new HandshakeHandler(config, hub, sessions));
    }
}
