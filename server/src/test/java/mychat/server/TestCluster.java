package mychat.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Redis of its own and some nodes sharing it ({@code CHAT_STORE=redis}), optionally behind HAProxy. Node
 * timeouts are short so that failures are noticed within a test's time. On close every node's output and the
 * Redis log are written to {@code target/cluster-logs/<name>-*.log}, for the report of a failing run.
 */
final class TestCluster implements AutoCloseable {
    /** {@code CHAT_NODE_TIMEOUT} of test clusters. */
    static final java.time.Duration NODE_TIMEOUT = java.time.Duration.ofSeconds(3);

    final String name;
    final RedisServer redis;
    final List<ClusterNode> nodes;
    private Haproxy haproxy;

    private TestCluster(String name, RedisServer redis, List<ClusterNode> nodes) {
        this.name = name;
        this.redis = redis;
        this.nodes = nodes;
    }

    /** {@code count} nodes on a fresh Redis without persistence. */
    static TestCluster start(String name, int count) {
        return start(name, count, RedisServer.start(), Map.of());
    }

    /** {@code count} nodes on the given Redis, with extra CHAT_ variables. */
    static TestCluster start(String name, int count, RedisServer redis, Map<String, String> env) {
        List<ClusterNode> nodes = new ArrayList<>();
        try {
            for (int i = 1; i <= count; i++) {
                nodes.add(ClusterNode.launch("node" + i, nodeEnv(redis, env)));
            }
            nodes.forEach(ClusterNode::awaitStarted);
            return new TestCluster(name, redis, nodes);
        } catch (RuntimeException | Error e) {
            nodes.forEach(ClusterNode::close);
            redis.close();
            throw e;
        }
    }

    /** The variables a node of this cluster runs with. */
    static Map<String, String> nodeEnv(RedisServer redis, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of("CHAT_STORE", "redis", "CHAT_REDIS_URL", redis.url(),
                "CHAT_NODE_TIMEOUT", NODE_TIMEOUT.toSeconds() + "s"));
        env.putAll(extra);
        return env;
    }

    /** Puts HAProxy (the example configuration) in front of the three nodes. */
    TestCluster withHaproxy() {
        haproxy = Haproxy.start(nodes);
        return this;
    }

    Haproxy haproxy() {
        return haproxy;
    }

    ClusterNode node(int i) {
        return nodes.get(i - 1);
    }

    int port(int i) {
        return node(i).port();
    }

    /** The end of every node's output and of the Redis log, for an assertion's message. */
    String diagnostics() {
        StringBuilder out = new StringBuilder();
        for (ClusterNode node : nodes) {
            out.append("\n--- ").append(node.name).append(" ---\n").append(tail(node.transcript(), 40))
                    .append("\n").append(counters(node));
        }
        out.append("\n--- redis ---\n").append(tail(redis.log(), 20));
        return out.toString();
    }

    /** The node's chat_ counters and gauges from its /metrics (no histograms), or why they could not be read. */
    private static String counters(ClusterNode node) {
        try (var http = java.net.http.HttpClient.newHttpClient()) {
            String body = http.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + node.adminPort() + "/metrics"))
                    .timeout(java.time.Duration.ofSeconds(5)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            return body.lines().filter(l -> l.startsWith("chat_") && !l.contains("_bucket")
                    && !l.contains("quantile")).collect(java.util.stream.Collectors.joining("\n"));
        } catch (Exception e) {
            return "(metrics not read: " + e + ")";
        }
    }

    @Override
    public void close() {
        saveLogs();
        if (haproxy != null) {
            haproxy.close();
        }
        nodes.forEach(ClusterNode::close);
        redis.close();
    }

    private void saveLogs() {
        try {
            Path dir = Files.createDirectories(Path.of("target", "cluster-logs"));
            for (ClusterNode node : nodes) {
                Files.writeString(dir.resolve(name + "-" + node.name + ".log"), node.transcript());
            }
            Files.writeString(dir.resolve(name + "-redis.log"), redis.log());
            if (haproxy != null) {
                Files.writeString(dir.resolve(name + "-haproxy.log"), haproxy.output());
            }
        } catch (IOException ignored) {
            // logs are a diagnostic aid only
        }
    }

    private static String tail(String text, int lines) {
        String[] all = text.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
    }
}
