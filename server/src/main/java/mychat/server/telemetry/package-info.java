/**
 * OpenTelemetry: {@code Telemetry} builds it from the {@code OTEL_*} variables (off unless an OTLP endpoint is set)
 * and {@code Tracing} makes the server's spans. Any thread may use them: spans are started on the thread that
 * receives a request and ended on the thread that answers it (a connection's or a room's event loop, the store's
 * writer, Lettuce's threads). With tracing off nothing here allocates. Uses Netty's HTTP request and the
 * OpenTelemetry and Micrometer libraries.
 */
package mychat.server.telemetry;
