package mychat.server.telemetry;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.registry.otlp.OtlpConfig;
import io.micrometer.registry.otlp.OtlpMeterRegistry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.semconv.ServiceAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mychat.server.BuildVersion;

/**
 * OpenTelemetry for the server, configured by the standard {@code OTEL_*} variables and off unless an OTLP endpoint
 * is set ({@code OTEL_EXPORTER_OTLP_ENDPOINT}, or the per-signal {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} /
 * {@code OTEL_EXPORTER_OTLP_METRICS_ENDPOINT}). Traces go through the SDK's autoconfiguration; metrics are the
 * server's Micrometer meters, pushed by Micrometer's OTLP registry beside the Prometheus endpoint. Built once at
 * start; {@link #close} flushes what is buffered.
 */
public final class Telemetry implements AutoCloseable {
    public static final Telemetry OFF = new Telemetry(Tracing.OFF, null, null);

    /** Message spans are sampled at this ratio unless OTEL_TRACES_SAMPLER says otherwise (see the README). */
    static final String DEFAULT_SAMPLER = "parentbased_traceidratio";
    static final String DEFAULT_SAMPLER_ARG = "0.01";

    private final Tracing tracing;
    private final OpenTelemetrySdk sdk;
    private final OtlpMeterRegistry meters;

    private Telemetry(Tracing tracing, OpenTelemetrySdk sdk, OtlpMeterRegistry meters) {
        this.tracing = tracing;
        this.sdk = sdk;
        this.meters = meters;
    }

    /** An {@code OTEL_*} variable the SDK refused; the message names it. */
    public static final class InvalidConfigException extends Exception {
        InvalidConfigException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static Telemetry fromEnv(Map<String, String> env) throws InvalidConfigException {
        if ("true".equalsIgnoreCase(env.getOrDefault("OTEL_SDK_DISABLED", "").strip())) {
            return OFF;
        }
        boolean traces = exports(env, "TRACES");
        boolean metrics = exports(env, "METRICS");
        if (!traces && !metrics) {
            return OFF;
        }
        OpenTelemetrySdk sdk = null;
        Tracing tracing = Tracing.OFF;
        if (traces) {
            try {
                sdk = AutoConfiguredOpenTelemetrySdk.builder()
                        .disableShutdownHook() // Main shuts down in order: connections first, then telemetry
                        .addPropertiesSupplier(() -> sdkProperties(env))
                        .addResourceCustomizer((resource, config) -> resource.merge(Resource.create(
                                Attributes.of(ServiceAttributes.SERVICE_VERSION, BuildVersion.get()))))
                        .build()
                        .getOpenTelemetrySdk();
            } catch (ConfigurationException e) {
                throw new InvalidConfigException("OpenTelemetry configuration: " + e.getMessage(), e);
            } catch (RuntimeException e) { // e.g. OTEL_EXPORTER_OTLP_PROTOCOL=grpc: no gRPC sender is bundled
                throw new InvalidConfigException("OpenTelemetry cannot be set up as configured (only OTLP over "
                        + "HTTP is bundled): " + e.getMessage(), e);
            }
            tracing = new Tracing(sdk.getTracer("mychat.server", BuildVersion.get()),
                    sdk.getPropagators().getTextMapPropagator());
        }
        OtlpMeterRegistry meters = null;
        if (metrics) {
            try {
                meters = new OtlpMeterRegistry(meterConfig(env), Clock.SYSTEM);
            } catch (NumberFormatException e) {
                throw new InvalidConfigException("OTEL_METRIC_EXPORT_INTERVAL='"
                        + env.get("OTEL_METRIC_EXPORT_INTERVAL") + "' is invalid: expected milliseconds, e.g. 60000", e);
            }
        }
        return new Telemetry(tracing, sdk, meters);
    }

    /** A signal is exported when an endpoint is set for it and its exporter is not switched off. */
    private static boolean exports(Map<String, String> env, String signal) {
        if (env.getOrDefault("OTEL_" + signal + "_EXPORTER", "otlp").strip().equalsIgnoreCase("none")) {
            return false;
        }
        return !blank(env.get("OTEL_EXPORTER_OTLP_ENDPOINT"))
                || !blank(env.get("OTEL_EXPORTER_OTLP_" + signal + "_ENDPOINT"));
    }

    /**
     * The {@code OTEL_*} variables as the SDK's properties, with my-chat's defaults where OpenTelemetry's do not fit:
     * the service name, OTLP over HTTP (the exporter bundled), the message sampling ratio, and no SDK metrics or logs
     * (Micrometer exports the metrics; logs go to standard output).
     */
    static Map<String, String> sdkProperties(Map<String, String> env) {
        Map<String, String> properties = new HashMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith("OTEL_")) {
                properties.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        properties.putIfAbsent("otel.service.name", "my-chat");
        properties.putIfAbsent("otel.exporter.otlp.protocol", "http/protobuf");
        properties.putIfAbsent("otel.traces.sampler", DEFAULT_SAMPLER);
        if (DEFAULT_SAMPLER.equals(properties.get("otel.traces.sampler"))) {
            properties.putIfAbsent("otel.traces.sampler.arg", DEFAULT_SAMPLER_ARG);
        }
        properties.put("otel.metrics.exporter", "none");
        properties.put("otel.logs.exporter", "none");
        return properties;
    }

    /** Micrometer's OTLP registry, configured from the same variables (OTLP over HTTP, protobuf). */
    private static OtlpConfig meterConfig(Map<String, String> env) {
        String url = !blank(env.get("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"))
                ? env.get("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT").strip()
                : env.get("OTEL_EXPORTER_OTLP_ENDPOINT").strip().replaceAll("/+$", "") + "/v1/metrics";
        Duration step = Duration.ofMillis(Long.parseLong(
                env.getOrDefault("OTEL_METRIC_EXPORT_INTERVAL", "60000").strip()));
        Map<String, String> resource = new HashMap<>(parsePairs(env.get("OTEL_RESOURCE_ATTRIBUTES")));
        resource.put("service.name", env.getOrDefault("OTEL_SERVICE_NAME", resource.getOrDefault("service.name",
                "my-chat")));
        resource.put("service.version", BuildVersion.get());
        Map<String, String> headers = new HashMap<>(parsePairs(env.get("OTEL_EXPORTER_OTLP_HEADERS")));
        headers.putAll(parsePairs(env.get("OTEL_EXPORTER_OTLP_METRICS_HEADERS")));
        return new OtlpConfig() {
            @Override
            public String get(String key) {
                return null;
            }

            @Override
            public String url() {
                return url;
            }

            @Override
            public Duration step() {
                return step;
            }

            @Override
            public Map<String, String> resourceAttributes() {
                return resource;
            }

            @Override
            public Map<String, String> headers() {
                return headers;
            }
        };
    }

    /** {@code key=value,key=value}, as OTEL_RESOURCE_ATTRIBUTES and OTEL_EXPORTER_OTLP_HEADERS write them. */
    private static Map<String, String> parsePairs(String value) {
        Map<String, String> pairs = new HashMap<>();
        if (blank(value)) {
            return pairs;
        }
        for (String pair : value.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                pairs.put(pair.substring(0, eq).strip(), java.net.URLDecoder.decode(pair.substring(eq + 1).strip(),
                        java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return pairs;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    public Tracing tracing() {
        return tracing;
    }

    /** The registry that pushes the server's meters over OTLP, or null when metrics are not exported. */
    public MeterRegistry meterRegistry() {
        return meters;
    }

    /** What the start-up log line says about telemetry. */
    public String describe() {
        if (sdk == null && meters == null) {
            return "off";
        }
        return (sdk != null ? "traces" : "") + (sdk != null && meters != null ? " and " : "")
                + (meters != null ? "metrics" : "") + " over OTLP";
    }

    @Override
    public void close() {
        close(5_000);
    }

    /**
     * Sends what is buffered (spans, the last metrics step) and stops the exporters, waiting at most
     * {@code timeoutMillis}: an unreachable collector must not hold up a shutdown. The export goes on in a daemon
     * thread, which the process's exit ends.
     */
    public void close(long timeoutMillis) {
        if (sdk == null && meters == null) {
            return;
        }
        Thread closing = Thread.ofPlatform().name("telemetry-close").daemon(true).start(() -> {
            if (meters != null) {
                meters.close();
            }
            if (sdk != null) {
                sdk.shutdown().join(timeoutMillis, TimeUnit.MILLISECONDS);
            }
        });
        try {
            closing.join(timeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
