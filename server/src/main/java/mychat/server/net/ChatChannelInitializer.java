package mychat.server.net;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import mychat.server.web.AssetResponses;
import mychat.server.web.WebAssets;

/**
 * The pipeline of a new connection, before the upgrade: TLS when configured, then HTTP/1.1 only.
 * {@link HandshakeHandler} takes it from there. The web client's files are read once, here, when the server starts.
 */
public final class ChatChannelInitializer extends ChannelInitializer<SocketChannel> {
    /** Longest request line and header block accepted; a WebSocket upgrade needs far less. */
    private static final int MAX_INITIAL_LINE = 4096;
    private static final int MAX_HEADER_BYTES = 8192;
    /** Upgrade requests have no body; this only bounds what a confused client may send. */
    private static final int MAX_BODY_BYTES = 8192;

    private final NetContext context;
    private final ConnectionCounter connections = new ConnectionCounter();
    private final Admission admission;
    /** The web client's files, or null when {@code CHAT_WEB=off}. */
    private final AssetResponses webPage;

    public ChatChannelInitializer(NetContext context) {
        this.context = context;
        this.webPage = context.config().web() ? new AssetResponses(WebAssets.load()) : null;
        this.admission = new Admission(context.config().abuse(), context.config().web(), context.authenticator(),
                connections, context.metrics(), context.tracing(), context.clock());
    }

    /** Open TCP connections, upgraded or not. */
    public int connectionCount() {
        return connections.total();
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        if (context.ssl() != null) {
            ch.pipeline().addLast("tls", context.ssl().newHandler(ch.alloc()));
        }
        connections.count(ch);
        ch.pipeline()
                .addLast("http", new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_BYTES, MAX_INITIAL_LINE))
                .addLast("aggregator", new HttpObjectAggregator(MAX_BODY_BYTES))
                .addLast("handshake", new HandshakeHandler(context, admission, webPage));
    }
}
