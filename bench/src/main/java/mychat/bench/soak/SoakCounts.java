package mychat.bench.soak;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Everything the soak's clients count, over all clients and loops. Written by the client loops, read by the
 * orchestrating thread at any time. At the soak's rates (some tens of thousands of events a second) an atomic
 * add per event costs nothing worth a per-loop tally.
 */
final class SoakCounts {
    /** One counter each; the JSON name is the constant's name in lower case. */
    enum Count {
        /** WebSocket handshakes completed. */
        SESSIONS,
        /** Sessions of a client after its first. */
        RECONNECTS,
        /** TCP connects or WebSocket handshakes that failed. */
        CONNECT_FAILURES,
        /** {@code Join}s sent again after {@code nick_taken}, {@code unavailable} or {@code rate_limited}. */
        JOIN_RETRIES,
        /** Joins with {@code since} answered {@code recovered: true}. */
        RESUMES_RECOVERED,
        /** Joins with {@code since} answered {@code recovered: false} (or without {@code recovered}). */
        RESUMES_NOT_RECOVERED,
        /** Sessions the client ended with a WebSocket Close. */
        CLIENT_CLOSES_GRACEFUL,
        /** Sessions the client ended by closing the socket without a Close frame (FIN). */
        CLIENT_CLOSES_ABRUPT_FIN,
        /** Sessions the client ended with a TCP reset (SO_LINGER 0), without a Close frame. */
        CLIENT_CLOSES_ABRUPT_RST,
        /** Sessions the server ended with a Close frame (by code in {@code server_close_codes}). */
        SERVER_CLOSES,
        /** Sessions that ended without the client asking and without a Close frame from the server. */
        LOST_WITHOUT_CLOSE,
        /**
         * Of those, sessions in which the client had stopped reading: a server that closes a slow reader queues its
         * Close behind what the reader has not taken, so the Close may never arrive.
         */
        LOST_WITHOUT_CLOSE_AFTER_PAUSE,
        /** Times a client stopped reading its socket. */
        PAUSES,
        /** Milliseconds spent not reading, over all pauses. */
        PAUSED_MS,
        /** New chat lines sent, each with its own cid. */
        SENT,
        /** Lines sent again with the same cid: after {@code rate_limited}, {@code unavailable} or a reconnect. */
        RESENDS,
        /** {@code rate_limited} answers. */
        RATE_LIMITED,
        /** Live {@code Message} events received. */
        DELIVERED,
        /** Replayed {@code Message} events ({@code history: true}) received after a join. */
        REPLAYED,
        /** The server's answer to a resent cid already delivered: the original again, to its sender alone. */
        ECHOES,
        /** Ids skipped without a {@code lagged} notice (or a resume that claimed recovery but skipped). */
        GAPS,
        /** Ids those gaps skipped. */
        MISSING_IDS,
        /** Ids received twice (echoes of resends excepted). */
        DUPLICATES,
        /** Ids that arrived after a higher id. */
        REORDERS,
        /** {@code lagged} notices. */
        LAGGED_NOTICES,
        /** Messages those notices said were dropped. */
        LAGGED_DROPPED,
        /** {@code lagged} notices that overlap ids already received or whose figures disagree. */
        LAGGED_ANOMALIES,
        /** Cids broadcast under two different ids. */
        CID_DOUBLED,
        /** Messages whose text or sender does not match their cid. */
        CORRUPTED,
        /** Messages of another room, or with a cid of this run that no client of the room used. */
        FOREIGN,
        /** {@code Error} events other than {@code lagged} (by code in {@code errors_by_code}). */
        ERRORS,
        /** Frames that are not a valid server event. */
        MALFORMED,
        /**
         * Events the protocol does not allow at that point: a second {@code Joined}, one for another room or without
         * the joiner, a resume answered without {@code recovered}, an answer to a request never made.
         */
        UNEXPECTED;

        String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final AtomicLongArray values = new AtomicLongArray(Count.values().length);
    private final ConcurrentHashMap<String, LongAdder> errorCodes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> closeCodes = new ConcurrentHashMap<>();

    void add(Count count, long n) {
        values.addAndGet(count.ordinal(), n);
    }

    void increment(Count count) {
        values.incrementAndGet(count.ordinal());
    }

    long get(Count count) {
        return values.get(count.ordinal());
    }

    void error(String code) {
        increment(Count.ERRORS);
        errorCodes.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    void serverClose(int code) {
        increment(Count.SERVER_CLOSES);
        closeCodes.computeIfAbsent(String.valueOf(code), c -> new LongAdder()).increment();
    }

    /** Every counter by its JSON name, in declaration order. */
    Map<String, Long> toMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Count c : Count.values()) {
            m.put(c.jsonName(), get(c));
        }
        return m;
    }

    /** {@code Error} events by code, sorted. */
    Map<String, Long> errorCodes() {
        return sorted(errorCodes);
    }

    /** Close frames from the server by status code, sorted. */
    Map<String, Long> closeCodes() {
        return sorted(closeCodes);
    }

    private static Map<String, Long> sorted(ConcurrentHashMap<String, LongAdder> counts) {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, n) -> out.put(k, n.sum()));
        return out;
    }
}
