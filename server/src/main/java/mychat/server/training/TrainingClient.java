package mychat.server.training;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import mychat.protocol.ClientRequest;
import mychat.protocol.Codec;
import mychat.protocol.Decoded;
import mychat.protocol.Limits;
import mychat.protocol.ServerEvent;

/**
 * One training client: connects, joins {@code room} (resuming after {@code since} when given) and then does what
 * it is told, completing a future for each answer it waits for. Runs on its channel's event loop; the futures and
 * {@link #send} may be used from any thread.
 */
final class TrainingClient extends SimpleChannelInboundHandler<WebSocketFrame> {
    private final String room;
    private final String nick;
    private final Long since;
    final CompletableFuture<ServerEvent.Joined> joined = new CompletableFuture<>();
    /** Completes when this client has seen {@code expectedOwn} of its own messages come back. */
    final CompletableFuture<Void> ownEchoed = new CompletableFuture<>();
    /** Completes with the next {@code HistoryPage} or {@code RoomList}. */
    volatile CompletableFuture<ServerEvent> answer = new CompletableFuture<>();
    private volatile int expectedOwn = Integer.MAX_VALUE;
    private int own;
    /** The highest message id this client has seen; read after {@link #ownEchoed}. */
    volatile long lastId;
    private Channel channel;

    private TrainingClient(String room, String nick, Long since) {
        this.room = room;
        this.nick = nick;
        this.since = since;
    }

    static TrainingClient open(Bootstrap bootstrap, WebSocketClientProtocolConfig config, String room, String nick,
                               Long since) {
        TrainingClient client = new TrainingClient(room, nick, since);
        bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(8192),
                        new WebSocketClientProtocolHandler(config), client);
            }
        }).connect().addListener(f -> {
            if (!f.isSuccess()) {
                client.fail(f.cause());
            }
        });
        return client;
    }

    static WebSocketClientProtocolConfig config(URI url) {
        return WebSocketClientProtocolConfig.newBuilder().webSocketUri(url).subprotocol(Limits.SUBPROTOCOL)
                .handshakeTimeoutMillis(30_000).build();
    }

    void send(ClientRequest request) {
        channel.writeAndFlush(new TextWebSocketFrame(Codec.encodeToString(request)));
    }

    /** Sends {@code texts} messages (every other one with a cid) and waits for them in {@link #ownEchoed}. */
    void say(int texts) {
        expectedOwn = texts;
        for (int i = 0; i < texts; i++) {
            String text = "line " + i + " from " + nick + " about nothing in particular";
            send(new ClientRequest.SendMsg(text, i % 2 == 0 ? nick + "-" + i : null));
        }
    }

    Channel channel() {
        return channel;
    }

    private void fail(Throwable cause) {
        joined.completeExceptionally(cause);
        ownEchoed.completeExceptionally(cause);
        answer.completeExceptionally(cause);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            send(new ClientRequest.Join(room, nick, since));
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (!(frame instanceof TextWebSocketFrame text)) {
            return;
        }
        if (!(Codec.decodeEvent(text.text()) instanceof Decoded.Ok<ServerEvent> ok)) {
            fail(new IOException("undecodable event: " + text.text()));
            return;
        }
        switch (ok.value()) {
            case ServerEvent.Joined j -> joined.complete(j);
            case ServerEvent.Message m -> {
                lastId = Math.max(lastId, m.id());
                if (!m.history() && m.from().equals(nick) && ++own >= expectedOwn) {
                    ownEchoed.complete(null);
                }
            }
            case ServerEvent.HistoryPage page -> answer.complete(page);
            case ServerEvent.RoomList list -> answer.complete(list);
            case ServerEvent.Error error -> fail(new IOException(nick + " got " + error));
            case ServerEvent.UserJoined u -> { }
            case ServerEvent.UserLeft u -> { }
            case ServerEvent.Notice n -> { }
            case ServerEvent.MessageDeleted d -> { }
            case ServerEvent.Typing t -> { }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail(new IOException("connection closed"));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(cause);
        ctx.close();
    }
}
