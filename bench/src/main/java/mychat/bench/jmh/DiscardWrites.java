package mychat.bench.jmh;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;

/**
 * Stands in for a socket that takes everything at once: releases each written message and completes its promise,
 * so a benchmark measures the room's work and not an {@code EmbeddedChannel} queue growing. Shared by all channels.
 */
@ChannelHandler.Sharable
final class DiscardWrites extends ChannelOutboundHandlerAdapter {
    static final DiscardWrites INSTANCE = new DiscardWrites();

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        ReferenceCountUtil.release(msg);
        promise.trySuccess();
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        // nothing is buffered
    }
}
