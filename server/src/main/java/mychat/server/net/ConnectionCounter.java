package mychat.server.net;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts open TCP connections, in all and per client address, from accept to close; {@link Admission} reads the
 * counts at the handshake. Shared by every connection; lock-free apart from the per-address map's bins.
 */
@ChannelHandler.Sharable
final class ConnectionCounter extends ChannelInboundHandlerAdapter {
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();

    int total() {
        return total.get();
    }

    int from(InetAddress address) {
        AtomicInteger n = perAddress.get(address);
        return n == null ? 0 : n.get();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        total.incrementAndGet();
        InetAddress address = address(ctx);
        if (address != null) {
            perAddress.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        total.decrementAndGet();
        InetAddress address = address(ctx);
        if (address != null) {
            perAddress.computeIfPresent(address, (a, n) -> n.decrementAndGet() == 0 ? null : n);
        }
        ctx.fireChannelInactive();
    }

    static InetAddress address(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress remote ? remote.getAddress() : null;
    }
}
