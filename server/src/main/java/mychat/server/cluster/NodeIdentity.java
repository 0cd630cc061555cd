package mychat.server.cluster;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Who this node is in the cluster, and what time Redis thinks it is. The id is random per process, and replaced
 * when the other nodes have declared this one dead: everything done under the old id is gone, and the node starts
 * over under a new one. Memberships are known by tokens {@code <node id>/<n>}, so a dead node's are found by
 * prefix. Any thread.
 */
final class NodeIdentity {
    private static final SecureRandom RANDOM = new SecureRandom();

    private volatile String id = newId();
    private final AtomicLong tokens = new AtomicLong();
    /** Redis' clock minus ours, in milliseconds, as of the last heartbeat. */
    private volatile long redisClockOffsetMillis;

    String id() {
        return id;
    }

    String newToken() {
        return id + "/" + Long.toString(tokens.incrementAndGet(), 36);
    }

    static String tokenPrefix(String nodeId) {
        return nodeId + "/";
    }

    /** Takes a new id, after the cluster buried the old one. */
    void renew() {
        id = newId();
    }

    void redisClock(long redisMillis, long localMidpointMillis) {
        redisClockOffsetMillis = redisMillis - localMidpointMillis;
    }

    /** Now plus {@code millis}, on Redis' clock: a deadline a script checks before it changes anything. */
    long redisDeadline(long millis) {
        return System.currentTimeMillis() + redisClockOffsetMillis + millis;
    }

    private static String newId() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
