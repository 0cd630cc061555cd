package mychat.bench.jmh;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import mychat.server.telemetry.Tracing;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What tracing adds to one message: the calls a {@code SendMsg} makes on {@link Tracing} from its arrival to its
 * broadcast (start, body size, made current around the store hand-off, stored, broadcast), with tracing off and
 * with the SDK sampling at a ratio; sampled spans go through a batch processor to an exporter that drops them.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class TracingBench {
    private static final String TEXT = "|t0001:0000001234567890123|hello everyone, this is a typical chat line";

    /** {@code off}, or the sampling ratio. */
    @Param({"off", "0.01"})
    public String sampling;

    private Tracing tracing;
    private SdkTracerProvider provider;

    @Setup
    public void setUp() {
        if (sampling.equals("off")) {
            tracing = Tracing.OFF;
            return;
        }
        provider = SdkTracerProvider.builder()
                .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(Double.parseDouble(sampling))))
                .addSpanProcessor(BatchSpanProcessor.builder(new Dropping()).build())
                .build();
        tracing = new Tracing(provider.get("bench"), W3CTraceContextPropagator.getInstance());
    }

    @TearDown
    public void tearDown() {
        if (provider != null) {
            provider.shutdown().join(5, TimeUnit.SECONDS);
        }
    }

    @Benchmark
    public void sendMsgPath(Blackhole hole) {
        Span span = tracing.request("SendMsg", "lobby");
        Tracing.bodySize(span, TEXT);
        try (Scope traced = Tracing.enter(span)) {
            hole.consume(tracing.current());
        }
        Tracing.stored(span, 1042);
        Tracing.broadcast(span, 10);
    }

    private static final class Dropping implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
