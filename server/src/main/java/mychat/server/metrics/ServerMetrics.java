package mychat.server.metrics;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The server's meters, all names prefixed {@code chat_}. Hot-path counts are plain adders; everything else is a
 * Micrometer meter. One instance per server.
 */
public final class ServerMetrics {
    private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /** Prometheus alone, or with the OTLP registry behind a composite (only then: a composite costs every record). */
    private final MeterRegistry registry;

    public final LongAdder messagesReceived = new LongAdder();
    public final LongAdder deliveries = new LongAdder();
    public final LongAdder bytesIn = new LongAdder();
    public final LongAdder bytesOut = new LongAdder();
    public final LongAdder droppedMessages = new LongAdder();
    public final Counter slowConsumerDisconnects;
    public final Counter rateLimited;
    public final Timer broadcastLatency;
    public final Timer storeWriteLatency;
    /** Cluster: rooms that read a snapshot to catch up on events they missed. */
    public final Counter sharedCatchUps;
    /** Cluster: time from sending a Redis function call to its answer. */
    public final Timer redisLatency;
    /** Cluster: members removed from rooms because their node stopped beating. */
    public final Counter reapedMembers;
    private final ConcurrentHashMap<String, Counter> authFailures = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> handshakeFailures = new ConcurrentHashMap<>();

    public ServerMetrics() {
        this(null);
    }

    /** @param exported a registry that exports the same meters elsewhere (OTLP), or null */
    public ServerMetrics(MeterRegistry exported) {
        registry = exported == null ? prometheus
                : new CompositeMeterRegistry(Clock.SYSTEM, java.util.List.of(prometheus, exported));
        MeterRegistry r = registry;
        FunctionCounter.builder("chat_messages_received", messagesReceived, LongAdder::sum)
                .description("Chat messages accepted from clients").register(r);
        FunctionCounter.builder("chat_messages_delivered", deliveries, LongAdder::sum)
                .description("Message events written to members (one per recipient)").register(r);
        FunctionCounter.builder("chat_received", bytesIn, LongAdder::sum)
                .description("WebSocket text payload bytes received").baseUnit("bytes").register(r);
        FunctionCounter.builder("chat_sent", bytesOut, LongAdder::sum)
                .description("WebSocket frame bytes written to members by broadcasts").baseUnit("bytes").register(r);
        FunctionCounter.builder("chat_messages_dropped", droppedMessages, LongAdder::sum)
                .description("Messages not delivered to a member that was too far behind").register(r);
        slowConsumerDisconnects = Counter.builder("chat_slow_consumer_disconnects")
                .description("Members closed with 1008 for staying behind too long").register(r);
        rateLimited = Counter.builder("chat_rate_limited_requests")
                .description("Requests refused with rate_limited").register(r);
        broadcastLatency = latency("chat_broadcast_latency",
                "From receiving a message to writing it to the last member");
        sharedCatchUps = Counter.builder("chat_cluster_catch_ups")
                .description("Times a room read the shared state to catch up on events it missed (cluster)")
                .register(registry);
        redisLatency = latency("chat_redis_command_latency",
                "Time from sending a Redis function call to its answer (cluster)");
        reapedMembers = Counter.builder("chat_cluster_reaped_members")
                .description("Members removed from rooms because their node stopped beating (cluster)")
                .register(registry);
        storeWriteLatency = latency("chat_history_write_latency",
                "From handing a message to the history store to it being stored");
    }

    /** A latency histogram from 10 µs to 5 s. */
    private Timer latency(String name, String description) {
        return Timer.builder(name).description(description).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(10_000)).maximumExpectedValue(Duration.ofSeconds(5))
                .register(registry);
    }

    /** JVM, process and Netty allocator meters. Separate from the constructor because binding them is slow. */
    public void bindJvmMetrics() {
        MeterRegistry r = registry;
        new JvmMemoryMetrics().bindTo(r);
        new JvmGcMetrics().bindTo(r);
        new JvmThreadMetrics().bindTo(r);
        new ClassLoaderMetrics().bindTo(r);
        new ProcessorMetrics().bindTo(r);
        new UptimeMetrics().bindTo(r);
        // The allocator every channel and room uses (Netty 4.2's default, the adaptive one).
        ByteBufAllocatorMetric netty = ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric();
        Gauge.builder("netty_allocator_used_direct_memory", netty, ByteBufAllocatorMetric::usedDirectMemory)
                .baseUnit("bytes").description("Direct memory held by Netty's buffer allocator").register(r);
        Gauge.builder("netty_allocator_used_heap_memory", netty, ByteBufAllocatorMetric::usedHeapMemory)
                .baseUnit("bytes").description("Heap memory held by Netty's buffer allocator").register(r);
    }

    /** A gauge read when scraped, e.g. open connections. */
    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    public void authFailure(String reason) {
        authFailures.computeIfAbsent(reason, r -> Counter.builder("chat_auth_failures")
                .description("Refused tokens, by reason").tag("reason", r).register(registry)).increment();
    }

    public void handshakeFailure(String reason) {
        handshakeFailures.computeIfAbsent(reason, r -> Counter.builder("chat_handshake_failures")
                .description("Connections refused or failed before the WebSocket upgrade, by reason")
                .tag("reason", r).register(registry)).increment();
    }

    public void recordBroadcast(long receivedNanos, long nowNanos) {
        broadcastLatency.record(nowNanos - receivedNanos, TimeUnit.NANOSECONDS);
    }

    /** The Prometheus text exposition of everything. */
    public String scrape() {
        return prometheus.scrape();
    }

    public MeterRegistry registry() {
        return registry;
    }
}
