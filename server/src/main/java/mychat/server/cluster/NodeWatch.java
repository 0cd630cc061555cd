package mychat.server.cluster;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import mychat.server.metrics.ServerMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's heartbeat, and its judgement of the other nodes. Every beat bumps this node's counter in
 * {@code chat:{nodes}:beats} and reads everyone's. A node whose counter has not moved for {@code CHAT_NODE_TIMEOUT}
 * of this node's own successful beats is dead: one node buries it (atomically, and only if its counter is still
 * the one observed), then removes its members from every room, which announces {@code UserLeft} and frees the
 * nicks.
 *
 * <p>Time this node could not see Redis does not count: after a failed beat every other node's clock starts
 * again, so an outage of Redis (whose key expiry would keep running) never makes nodes bury each other. A node
 * that comes back after being buried learns it from its next beat, closes all its connections and takes a new id.
 *
 * <p>Each beat also publishes the pub/sub probe and retries exits that could not reach Redis.
 */
final class NodeWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeWatch.class);
    static final String BEATS = "chat:{nodes}:beats";
    /** Nodes declared dead whose members are still to be removed: whoever beats next finishes the job. */
    static final String DEAD = "chat:{nodes}:dead";
    /** How long a buried node's marker stays, for it to find when it comes back. */
    private static final long BURIED_MARKER_SECONDS = TimeUnit.DAYS.toSeconds(1);

    private final StatefulRedisConnection<String, String> connection;
    private final NodeIdentity node;
    private final PubSub pubSub;
    private final String probeChannel;
    private final RedisRooms rooms;
    private final ServerMetrics metrics;
    private final long timeoutNanos;
    private final long beatMillis;
    private final Runnable onBuried;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("cluster-watch").daemon().unstarted(r));

    /** Other nodes: the counter last seen and when it last moved (System.nanoTime). Watch thread only. */
    private final Map<String, long[]> others = new HashMap<>();
    private boolean blind = true;
    private long probesSent;
    private volatile long lastGoodBeatNanos;
    private volatile int nodesSeen;

    NodeWatch(StatefulRedisConnection<String, String> connection, NodeIdentity node, PubSub pubSub,
              String probeChannel, RedisRooms rooms, ServerMetrics metrics, long timeoutMillis, Runnable onBuried) {
        this.connection = connection;
        this.node = node;
        this.pubSub = pubSub;
        this.probeChannel = probeChannel;
        this.rooms = rooms;
        this.metrics = metrics;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        this.beatMillis = Math.max(100, Math.min(1_000, timeoutMillis / 5));
        this.onBuried = onBuried;
    }

    void start() {
        beat();
        timer.scheduleWithFixedDelay(this::tick, beatMillis, beatMillis, TimeUnit.MILLISECONDS);
    }

    /** True while beats reach Redis: what {@code /readyz} reports for the cluster. */
    boolean redisReachable() {
        return System.nanoTime() - lastGoodBeatNanos < TimeUnit.MILLISECONDS.toNanos(3 * beatMillis + 1_000);
    }

    int nodesSeen() {
        return nodesSeen;
    }

    private void tick() {
        try {
            if (beat()) {
                probe();
                rooms.retryFailedExits();
                removeMembersOfDeadNodes();
            }
        } catch (io.lettuce.core.RedisException e) {
            // Redis went between the beat and the steps after it: the next beat notices and reports it
            log.debug("cluster watch: Redis call failed after the beat: {}", e.toString());
        } catch (RuntimeException e) {
            log.error("cluster watch failed", e);
        }
    }

    /** One heartbeat; false when Redis could not be reached. */
    private boolean beat() {
        RedisCommands<String, String> redis = connection.sync();
        String id = node.id();
        long sent = System.currentTimeMillis();
        List<Object> reply;
        try {
            reply = Scripts.BEAT.<List<Object>>run(connection.async(), new String[] {BEATS, buriedMarker(id)}, id)
                    .get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (!blind) {
                log.warn("cannot reach Redis: {}", e.getCause() != null ? e.getCause().toString() : e.toString());
            }
            blind = true;
            return false;
        }
        long now = System.nanoTime();
        lastGoodBeatNanos = now;
        if ("reaped".equals(reply.getFirst())) {
            log.warn("the cluster declared this node ({}) dead while it could not reach Redis; closing every "
                    + "connection and starting over under a new id", id);
            node.renew();
            others.clear();
            blind = true;
            onBuried.run();
            return true;
        }
        node.redisClock((Long) reply.get(1), (sent + System.currentTimeMillis()) / 2);
        List<?> beats = (List<?>) reply.get(2);
        if (blind) {
            log.info("Redis reachable; node id {}", id);
        }
        judge(beats, id, now, redis);
        blind = false;
        return true;
    }

    private void judge(List<?> beats, String self, long now, RedisCommands<String, String> redis) {
        Map<String, Long> counters = new HashMap<>();
        for (int i = 0; i + 1 < beats.size(); i += 2) {
            counters.put((String) beats.get(i), Long.parseLong((String) beats.get(i + 1)));
        }
        others.keySet().retainAll(counters.keySet());
        int alive = 1;
        for (Map.Entry<String, Long> e : counters.entrySet()) {
            String other = e.getKey();
            if (other.equals(self)) {
                continue;
            }
            long[] seen = others.get(other);
            if (seen == null || seen[0] != e.getValue() || blind) {
                // new, moved, or this node was blind: its clock (re)starts now
                others.put(other, new long[] {e.getValue(), now});
                alive++;
            } else if (now - seen[1] >= timeoutNanos) {
                bury(other, e.getValue(), redis);
            } else {
                alive++;
            }
        }
        nodesSeen = alive;
    }

    private void bury(String dead, long counter, RedisCommands<String, String> redis) {
        List<Long> buried = Scripts.BURY.runSync(connection.async(),
                new String[] {BEATS, buriedMarker(dead), DEAD}, dead, String.valueOf(counter),
                String.valueOf(BURIED_MARKER_SECONDS));
        others.remove(dead);
        if (buried.getFirst() == 1) {
            log.warn("node {} stopped beating for {} ms; removing its members", dead,
                    TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
        }
    }

    /** Removes the members of nodes declared dead; a node is off the list once all its members are out. */
    private void removeMembersOfDeadNodes() {
        RedisCommands<String, String> redis = connection.sync();
        for (String dead : redis.smembers(DEAD)) {
            long removed = removeMembersOf(dead, redis);
            redis.srem(DEAD, dead);
            if (removed > 0) {
                metrics.reapedMembers.increment(removed);
                log.warn("node {}: removed its {} members", dead, removed);
            }
        }
    }

    /** Removes every member the node has in any room, announcing each exit; returns how many. */
    private long removeMembersOf(String nodeId, RedisCommands<String, String> redis) {
        long removed = 0;
        String prefix = NodeIdentity.tokenPrefix(nodeId);
        ScanCursor cursor = ScanCursor.INITIAL;
        ScanArgs match = ScanArgs.Builder.matches("chat:{*}:members").limit(500);
        do {
            KeyScanCursor<String> page = redis.scan(cursor, match);
            for (String key : page.getKeys()) {
                String room = RoomKeys.roomOfMembersKey(key);
                if (room != null) {
                    RoomKeys keys = RoomKeys.of(room);
                    List<Long> n = Scripts.REAP.runSync(connection.async(),
                            new String[] {keys.state(), keys.log(), keys.members()}, keys.channel(), prefix);
                    removed += n.getFirst();
                }
            }
            cursor = page;
        } while (!cursor.isFinished());
        return removed;
    }

    private void probe() {
        try {
            long receivers = connection.sync().publish(probeChannel, String.valueOf(++probesSent));
            if (receivers == 0 || probesSent - pubSub.lastProbe() > 3) {
                pubSub.reconnect();
                probesSent = pubSub.lastProbe() + 1; // numbering continues from what the new connection sees
            }
        } catch (RuntimeException e) {
            log.debug("probe not published: {}", e.toString());
        }
    }

    static String buriedMarker(String nodeId) {
        return "chat:{nodes}:buried:" + nodeId;
    }

    /**
     * Stops beating and leaves the cluster: removes whatever members of this node are still in rooms (exits of
     * closing connections may not all have reached Redis) and leaves the node list, so nobody needs to bury it.
     */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
            removeMembersOf(node.id(), connection.sync());
            connection.sync().hdel(BEATS, node.id());
        } catch (RuntimeException e) {
            log.warn("could not leave the cluster cleanly ({}); the other nodes will remove this node's members "
                    + "after CHAT_NODE_TIMEOUT", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
