package mychat.server.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts open TCP connections, in all and per client address, from accept to close; {@link Admission} reads the
 * counts at the handshake. Shared by every connection; lock-free apart from the per-address map's bins. It listens
 * to each channel's close rather than sitting in the pipeline, which would cost every connection a handler slot.
 */
final class ConnectionCounter implements ChannelFutureListener {
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();

    int total() {
        return total.get();
    }

    int from(InetAddress address) {
        AtomicInteger n = perAddress.get(address);
        return n == null ? 0 : n.get();
    }

    /** Counts a newly accepted channel, and uncounts it when it closes. */
    void count(Channel channel) {
        total.incrementAndGet();
        InetAddress address = address(channel);
        if (address != null) {
            perAddress.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
        }
        channel.closeFuture().addListener(this);
    }

    @Override
    public void operationComplete(ChannelFuture closed) {
        total.decrementAndGet();
        InetAddress address = address(closed.channel());
        if (address != null) {
            perAddress.computeIfPresent(address, (a, n) -> n.decrementAndGet() == 0 ? null : n);
        }
    }

    static InetAddress address(Channel channel) {
        return channel.remoteAddress() instanceof InetSocketAddress remote ? remote.getAddress() : null;
    }
}
