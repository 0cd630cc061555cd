package mychat.client.state;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typing indicators, both ways: who else is typing in the room (shown for {@link #SHOWN_MILLIS} after their last
 * notice), and when we last told the room that we type (at most every {@link #SEND_EVERY_MILLIS}).
 */
final class Typing {
    static final long SHOWN_MILLIS = 5_000;
    static final long SEND_EVERY_MILLIS = 3_000;

    /** Nick to the time of their last notice, in the order they started. */
    private final Map<String, Long> others = new LinkedHashMap<>();
    private long lastSent = Long.MIN_VALUE / 2;

    void noticed(String nick, long now) {
        others.put(nick, now);
    }

    /** A message from {@code nick} ends their typing. */
    void stopped(String nick) {
        others.remove(nick);
    }

    void clear() {
        others.clear();
    }

    /** The nicks typing at {@code now}. */
    List<String> typing(long now) {
        others.values().removeIf(at -> now - at >= SHOWN_MILLIS);
        return new ArrayList<>(others.keySet());
    }

    /** Whether to tell the room we type, now; if so, remembers that we did. */
    boolean shouldSend(long now) {
        if (now - lastSent < SEND_EVERY_MILLIS) {
            return false;
        }
        lastSent = now;
        return true;
    }
}
