/**
 * The admin listener: a separate HTTP port (default 127.0.0.1:9001, so it is not exposed by accident) with
 * {@code /metrics} (Prometheus text), {@code /healthz} (alive) and {@code /readyz} (accepting chat connections).
 *
 * <p>Threading: served on the server's event loops; a scrape reads counters and gauges, it never blocks a room.
 */
package mychat.server.admin;
