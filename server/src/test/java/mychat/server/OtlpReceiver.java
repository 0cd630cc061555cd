package mychat.server;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * A real OTLP/HTTP receiver for tests: an HTTP server on an ephemeral loopback port that takes {@code POST
 * /v1/traces} and {@code POST /v1/metrics} in protobuf, decodes them with the opentelemetry-proto classes and keeps
 * what arrived. Everything else gets 404.
 */
final class OtlpReceiver implements AutoCloseable {
    private final HttpServer http;
    private final List<ResourceSpans> traces = new CopyOnWriteArrayList<>();
    private final List<ResourceMetrics> metrics = new CopyOnWriteArrayList<>();
    private final List<String> contentTypes = new CopyOnWriteArrayList<>();

    OtlpReceiver() throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/v1/traces", exchange -> {
            contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
            traces.addAll(ExportTraceServiceRequest.parseFrom(body(exchange)).getResourceSpansList());
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        http.createContext("/v1/metrics", exchange -> {
            contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
            metrics.addAll(ExportMetricsServiceRequest.parseFrom(body(exchange)).getResourceMetricsList());
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        http.start();
    }

    private static byte[] body(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
        InputStream in = exchange.getRequestBody();
        if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
            in = new GZIPInputStream(in);
        }
        return in.readAllBytes();
    }

    /** The base URL to give as OTEL_EXPORTER_OTLP_ENDPOINT. */
    String endpoint() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    /** Every span received so far. */
    List<Span> spans() {
        List<Span> all = new ArrayList<>();
        traces.forEach(r -> r.getScopeSpansList().forEach(s -> all.addAll(s.getSpansList())));
        return all;
    }

    List<ResourceSpans> traceResources() {
        return List.copyOf(traces);
    }

    /** The names of every metric received so far. */
    List<String> metricNames() {
        List<String> names = new ArrayList<>();
        metrics.forEach(r -> r.getScopeMetricsList().forEach(s -> s.getMetricsList().forEach(m -> names.add(m.getName()))));
        return names;
    }

    List<ResourceMetrics> metricResources() {
        return List.copyOf(metrics);
    }

    List<String> contentTypes() {
        return List.copyOf(contentTypes);
    }

    static String hex(com.google.protobuf.ByteString id) {
        return HexFormat.of().formatHex(id.toByteArray());
    }

    /** A string attribute of a span or resource, or null. */
    static String attribute(List<KeyValue> attributes, String key) {
        for (KeyValue kv : attributes) {
            if (kv.getKey().equals(key)) {
                var v = kv.getValue();
                return v.hasStringValue() ? v.getStringValue() : v.hasIntValue() ? String.valueOf(v.getIntValue())
                        : v.toString();
            }
        }
        return null;
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
