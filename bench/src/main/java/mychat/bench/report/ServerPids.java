package mychat.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The processes whose CPU is the server's: one chat server, or the nodes of a cluster and the Redis they share.
 * Redis counts in the server's CPU and is also reported on its own, per message, since every node's traffic goes
 * through its one thread.
 *
 * @param nodes chat server processes; empty when none was given
 * @param redis the shared Redis, or null
 */
public record ServerPids(List<Long> nodes, Long redis) {

    public ServerPids {
        nodes = List.copyOf(nodes);
    }

    public static ServerPids none() {
        return new ServerPids(List.of(), null);
    }

    /** One server process, or none when {@code pid} is null. */
    public static ServerPids of(Long pid) {
        return new ServerPids(pid == null ? List.of() : List.of(pid), null);
    }

    /** All of them, nodes first. */
    public List<Long> all() {
        List<Long> all = new ArrayList<>(nodes);
        if (redis != null) {
            all.add(redis);
        }
        return all;
    }

    /** For a run's JSON line: {@code server_pid} (a list) and {@code redis_pid}. */
    public void putInto(Map<String, Object> m) {
        m.put("server_pid", nodes);
        m.put("redis_pid", redis);
    }
}
