package mychat.server.net;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mychat.server.wire.Closing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heartbeat for every session at once: a sweep a few times per ping interval pings the sessions that have
 * been silent for an interval and closes those silent for two (1001). Why one sweep rather than an idle timer per
 * connection: a timer, its task and its pipeline handler cost every connection a few hundred bytes, and at tens of
 * thousands of mostly idle connections that is most of what an idle connection costs.
 */
public final class Heartbeat {
    private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);

    private final ChannelGroup sessions;
    private final long intervalNanos;

    private Heartbeat(ChannelGroup sessions, Duration interval) {
        this.sessions = sessions;
        this.intervalNanos = interval.toNanos();
    }

    /** Starts sweeping {@code sessions} on one of {@code loops}; cancel the returned future to stop. */
    public static ScheduledFuture<?> start(ChannelGroup sessions, Duration interval, EventLoopGroup loops) {
        Heartbeat heartbeat = new Heartbeat(sessions, interval);
        long period = Math.max(5, Math.min(interval.toMillis() / 4, 5_000));
        return loops.next().scheduleAtFixedRate(heartbeat::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Channel channel : sessions) {
            SessionHandler session = channel.pipeline().get(SessionHandler.class);
            if (session == null || Closing.isClosing(channel)) {
                continue;
            }
            long silent = now - session.lastReadNanos();
            if (silent >= 2 * intervalNanos) {
                log.debug("{}: no answer to ping, closing", channel);
                Closing.close(channel, Closing.GOING_AWAY, "ping timeout");
            } else if (silent >= intervalNanos && session.markPinged()) {
                channel.writeAndFlush(new PingWebSocketFrame(), channel.voidPromise());
            }
        }
    }
}
