package mychat.bench.scenario;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import mychat.bench.net.SourceAddresses;

/**
 * Settings of a connect run: {@code connections} clients, each joined to a room of {@code roomSize}, held idle for
 * {@code hold}; at most {@code concurrency} connection attempts in flight.
 */
public record ConnectConfig(URI url, int connections, int roomSize, Duration hold, Long serverPid, int threads,
                            SourceAddresses sourceAddresses, int concurrency, Map<String, String> tags) {

    public ConnectConfig {
        if (connections < 1 || roomSize < 1) {
            throw new IllegalArgumentException("need connections >= 1 and room size >= 1");
        }
        tags = Map.copyOf(tags);
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("url", url.toString());
        m.put("connections", connections);
        m.put("room_size", roomSize);
        m.put("hold_s", hold.toMillis() / 1e3);
        m.put("concurrency", concurrency);
        m.put("threads", threads);
        m.put("source_addresses", sourceAddresses.describe());
        m.put("server_pid", serverPid);
        return m;
    }
}
