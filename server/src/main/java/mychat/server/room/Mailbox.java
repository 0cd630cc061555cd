package mychat.server.room;

import io.netty.channel.EventLoop;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A room's mailbox: any thread may {@link #offer} a command; the room's event loop takes them in turns. At most one
 * turn is scheduled at a time (a compare-and-set decides who schedules it), so the room's handlers never run
 * concurrently and need no locks. The turn itself is the room's: it polls, handles, flushes, and reports with
 * {@link #turnDone} whether another turn is due.
 */
final class Mailbox {
    private static final Logger log = LoggerFactory.getLogger(Mailbox.class);

    private final String room;
    private final EventLoop loop;
    private final Runnable turn;
    /** Lock-free; any thread may offer. */
    private final Queue<RoomCommand> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    Mailbox(String room, EventLoop loop, Runnable turn) {
        this.room = room;
        this.loop = loop;
        this.turn = turn;
    }

    /** Enqueues a command and makes sure a turn will take it. Never blocks; any thread. */
    void offer(RoomCommand command) {
        queue.offer(command);
        schedule();
    }

    /** Makes sure a turn runs soon, also with nothing queued (the room's start has arrived). Any thread. */
    void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                loop.execute(turn);
            } catch (RejectedExecutionException stopping) {
                // The room's loop has stopped: the server is shutting down and a member's connection, served by
                // another loop, is only now closing. Nothing is left to tell its room.
                log.debug("room {}: loop stopped, {} not delivered", room, queue.peek());
            }
        }
    }

    /** The next command, or null. The room's loop only, during a turn. */
    RoomCommand poll() {
        return queue.poll();
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /**
     * Ends a turn, and schedules the next one if {@code more} says there is work. The room's loop only.
     *
     * <p>{@code more} MUST be asked after the turn is marked over, never before: a command offered in between
     * finds the turn still scheduled and leaves it to this turn, which would otherwise have decided already that
     * there was nothing left, and the command would wait for the next one to wake the room.
     */
    void turnDone(BooleanSupplier more) {
        scheduled.set(false);
        if (more.getAsBoolean()) {
            schedule();
        }
    }
}
