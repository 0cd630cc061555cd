package mychat.bench.scenario;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import mychat.bench.net.BenchConnection;
import mychat.bench.net.SendMsgFrame;

/**
 * Closed-loop sending: each sender keeps {@code window} messages in flight and sends the next one when one of its
 * own comes back from the server. The rate is whatever the server (or the generator, whichever gives out first)
 * sustains, so a run measures saturation throughput, without the p99 criterion that makes the paced search's
 * maximum noisy. Each message carries the time it was written and the marker of the phase it was sent in.
 *
 * <p>Threading: everything but {@link #sent} runs on one event loop, the one all its senders belong to; the
 * methods that start or change a phase hand their work to that loop and return futures.
 */
final class ClosedLoop {
    private final EventLoop loop;
    private final List<BenchConnection> senders;
    private final int window;
    private final SendMsgFrame frame;

    private int step;
    private boolean stopped;
    private long sentInPhase;
    private volatile long sentPublished;

    ClosedLoop(EventLoop loop, List<BenchConnection> senders, int window, SendMsgFrame frame) {
        this.loop = loop;
        this.senders = List.copyOf(senders);
        this.window = window;
        this.frame = frame;
    }

    /** Fills every sender's window with messages marked {@code firstStep}; completes once they are written. */
    CompletableFuture<Void> start(int firstStep) {
        return onLoop(() -> {
            step = firstStep;
            for (BenchConnection s : senders) {
                s.onOwnMessage(() -> replace(s));
                for (int i = 0; i < window && s.channel().isActive(); i++) {
                    s.send(next(s));
                }
                s.flush();
            }
        });
    }

    /** Marks the messages sent from now on with {@code nextStep} and counts them from zero. */
    CompletableFuture<Void> switchTo(int nextStep) {
        return onLoop(() -> {
            step = nextStep;
            sentInPhase = 0;
            sentPublished = 0;
        });
    }

    /** Sends no more (messages in flight still arrive); returns how many were sent in the last phase. */
    CompletableFuture<Long> stop() {
        CompletableFuture<Long> last = new CompletableFuture<>();
        loop.execute(() -> {
            stopped = true;
            for (BenchConnection s : senders) {
                s.onOwnMessage(null);
            }
            last.complete(sentInPhase);
        });
        return last;
    }

    /** Messages sent in the current phase so far; any thread. */
    long sent() {
        return sentPublished;
    }

    /** One of {@code sender}'s messages came back: it sends another, flushed when the read that brought it ends. */
    private void replace(BenchConnection sender) {
        if (!stopped && sender.channel().isActive()) {
            sender.sendAfterRead(next(sender));
        }
    }

    /** The next message for {@code sender}, counted as sent. */
    private ByteBuf next(BenchConnection sender) {
        sentPublished = ++sentInPhase;
        return frame.encode(sender.channel().alloc(), step, System.nanoTime());
    }

    private CompletableFuture<Void> onLoop(Runnable task) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> {
            task.run();
            done.complete(null);
        });
        return done;
    }
}
