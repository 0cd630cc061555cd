package mychat.bench.scenario;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import mychat.bench.net.SourceAddresses;

/**
 * Settings of a reconnect storm: {@code clients} new connections over {@code rooms} rooms named
 * {@code roomPrefix + k}, each joining as soon as its handshake is done and resuming after an id up to
 * {@code maxMissed} below the room's last ({@code history}); at most {@code concurrency} attempts in flight.
 *
 * @param seed            messages to send into each room before the storm (one client per room), 0 for none
 * @param seedOnly        stop after seeding (to seed one server process and storm a fresh one)
 * @param history         the id of each room's last message when the storm starts; 0: join without {@code since}
 * @param generatorWarmup connections to run through an in-process baseline server first, so that the
 *                        generator's own JIT has compiled its connection path before it measures a server
 */
public record StormConfig(URI url, int clients, int rooms, String roomPrefix, int seed, boolean seedOnly,
                          long history, int maxMissed, int generatorWarmup, Long serverPid, int threads,
                          SourceAddresses sourceAddresses, int concurrency, Map<String, String> tags) {

    public StormConfig {
        if (clients < 1 || rooms < 1) {
            throw new IllegalArgumentException("need clients >= 1 and rooms >= 1");
        }
        tags = Map.copyOf(tags);
    }

    /** The id client {@code i} resumes after, or null when the rooms have no history to resume. */
    Long since(int i) {
        return history == 0 ? null : Math.max(0, history - i % (maxMissed + 1));
    }

    /** Replayed messages the storm's clients should receive in all. */
    long expectedReplay() {
        long total = 0;
        for (int i = 0; i < clients; i++) {
            Long since = since(i);
            total += since == null ? 0 : history - since;
        }
        return total;
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("url", url.toString());
        m.put("clients", clients);
        m.put("rooms", rooms);
        m.put("room_prefix", roomPrefix);
        m.put("seed", seed);
        m.put("history", history);
        m.put("max_missed", maxMissed);
        m.put("generator_warmup", generatorWarmup);
        m.put("concurrency", concurrency);
        m.put("threads", threads);
        m.put("source_addresses", sourceAddresses.describe());
        m.put("server_pid", serverPid);
        return m;
    }
}
