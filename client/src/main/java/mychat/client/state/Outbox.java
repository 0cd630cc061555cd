package mychat.client.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import mychat.protocol.ClientRequest;

/**
 * The outgoing queue: our lines that the server has not confirmed yet, oldest first, each under the idempotency key
 * ({@code cid}) it is sent with, and the pacing of their sends.
 *
 * <p>One line is in flight at a time: the next goes when the server has echoed the previous one. So a refusal can
 * only concern the line in flight, and lines reach the room in the order they were typed, whatever the server's
 * rate limit refuses. A refused line waits for the {@code retry_after_ms} the server gave and is sent again; a line
 * that was in flight when the connection dropped is sent again after the rejoin under the same key, and the server
 * stores it only once.
 */
final class Outbox {
    record Pending(String cid, String room, String text) {}

    /** Used when a rate-limit refusal names no delay, and after a send the server could not store. */
    static final Duration DEFAULT_RETRY = Duration.ofSeconds(1);

    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private final String session = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
    private long counter;
    /** The key of the line sent and not answered yet; null when none is. */
    private String inFlight;
    /** A refusal asked to wait: nothing is sent until {@link #resume}. */
    private boolean paused;

    /** Queues a line; returns it with its new key. */
    Pending add(String room, String text) {
        Pending p = new Pending(session + "-" + (++counter), room, text);
        pending.put(p.cid(), p);
        return p;
    }

    /**
     * Sends the oldest line waiting for {@code room} when nothing is in flight and no refusal asked to wait.
     *
     * @param room the room the connection is in; null when it is in none (nothing is sent then)
     */
    void pump(String room, List<Effect> effects) {
        if (room == null || inFlight != null || paused) {
            return;
        }
        for (Pending p : pending.values()) {
            if (p.room().equals(room)) {
                inFlight = p.cid();
                effects.add(new Effect.Send(new ClientRequest.SendMsg(p.text(), p.cid())));
                return;
            }
        }
    }

    /** The server confirmed {@code cid}; true when it was ours and pending. */
    boolean confirm(String cid) {
        if (cid == null || pending.remove(cid) == null) {
            return false;
        }
        if (cid.equals(inFlight)) {
            inFlight = null;
        }
        return true;
    }

    /** Whether a line is in flight, so that a refusal of a chat line concerns it. */
    boolean sending() {
        return inFlight != null;
    }

    /**
     * The line in flight was not taken (rate limit, storage unavailable): it stays first in the queue and goes
     * again after {@code delay}, which the caller schedules as {@link Effect.ScheduleSend}.
     */
    void refused(Duration delay, List<Effect> effects) {
        inFlight = null;
        paused = true;
        effects.add(new Effect.ScheduleSend(delay));
    }

    /** The line in flight was refused for good (too long, empty); it is dropped and returned, or null. */
    Pending rejected() {
        Pending p = inFlight == null ? null : pending.remove(inFlight);
        inFlight = null;
        return p;
    }

    /** The delay of a refusal has passed. */
    void resume() {
        paused = false;
    }

    /** The line in flight will get no answer on this connection (it dropped, or the room was left under it). */
    void unanswered() {
        inFlight = null;
        paused = false;
    }

    List<Pending> forRoom(String room) {
        List<Pending> out = new ArrayList<>();
        for (Pending p : pending.values()) {
            if (p.room().equals(room)) {
                out.add(p);
            }
        }
        return out;
    }

    /** Forgets the lines for a room we left on purpose. */
    void dropRoom(String room) {
        for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.room().equals(room)) {
                if (p.cid().equals(inFlight)) {
                    inFlight = null;
                }
                it.remove();
            }
        }
    }

    int size() {
        return pending.size();
    }
}
