package mychat.client.state;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Our messages that the server has not confirmed yet, each under the idempotency key ({@code cid}) it is sent
 * with. After a reconnect they are sent again with the same keys; the server stores each one only once.
 */
final class Outbox {
    record Pending(String cid, String room, String text) {}

    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private final String session = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
    private long counter;

    /** Remembers a message to send; returns it with its new key. */
    Pending add(String room, String text) {
        Pending p = new Pending(session + "-" + (++counter), room, text);
        pending.put(p.cid(), p);
        return p;
    }

    /** The server confirmed {@code cid}; true when it was ours and pending. */
    boolean confirm(String cid) {
        return cid != null && pending.remove(cid) != null;
    }

    /** The most recently added pending message, or null. */
    Pending newest() {
        Pending last = null;
        for (Pending p : pending.values()) {
            last = p;
        }
        return last;
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

    /** Forgets the messages for a room we left on purpose. */
    void dropRoom(String room) {
        pending.values().removeIf(p -> p.room().equals(room));
    }

    int size() {
        return pending.size();
    }
}
