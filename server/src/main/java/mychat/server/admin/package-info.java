/**
 * The admin listener: a separate HTTP port (default 127.0.0.1:9001, so it is not exposed by accident) with
 * {@code /metrics} (Prometheus text), {@code /healthz} (alive), {@code /readyz} (accepting chat connections) and
 * the moderation API under {@code /api/} (docs/ADMIN.md).
 *
 * <pre>
 * AdminServer   the listener and its routes
 * AdminApi      /api/: the operator's token, routing, input checks, outcomes to HTTP statuses, audit lines
 * ApiJson       request bodies (one flat JSON object) and answers
 * </pre>
 *
 * <p>Threading: served on the server's event loops; a scrape reads counters and gauges, it never blocks a room. An
 * API action answers through a future (room, store or Redis threads) and the answer is written from there.
 *
 * <p>Uses: {@code metrics}, {@code moderation}, {@code history} (the ban record), {@code protocol} (name rules).
 */
package mychat.server.admin;
