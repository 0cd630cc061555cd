package mychat.server.wire;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;

/**
 * Where complete frames ({@link Frames}) enter a connection's pipeline: at its WebSocket encoder, so that they skip
 * the walk from the pipeline's tail and the encoder's own type check, which have nothing to do for bytes that are
 * already frames (a measurable share of each delivery: docs/BENCHMARKS.md). Only taken when it changes nothing: when
 * every handler between the encoder and the tail only reads. An outbound handler there, a compression extension
 * for one, must see every frame, and then frames go in at the tail like any write.
 */
public final class FramePath {
    private FramePath() {}

    /** The context to write complete frames from, or null to write them on the channel. */
    public static ChannelHandlerContext entry(Channel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        ChannelHandlerContext encoder = pipeline.context(WebSocketFrameEncoder.class);
        if (encoder == null) {
            return null;
        }
        boolean behindEncoder = false;
        for (var entry : pipeline) {
            if (entry.getValue() == encoder.handler()) {
                behindEncoder = true;
            } else if (behindEncoder && entry.getValue() instanceof ChannelOutboundHandler) {
                return null;
            }
        }
        return encoder;
    }
}
