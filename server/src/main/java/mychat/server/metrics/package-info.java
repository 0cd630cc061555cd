/**
 * What the server counts and measures, for the admin listener's {@code /metrics} (Prometheus text via Micrometer).
 *
 * <p>Threading: counters on the message path are {@link java.util.concurrent.atomic.LongAdder}s, added to once per
 * broadcast (not per delivery) from rooms' and connections' event loops; Micrometer reads them when scraped.
 * Labels are bounded enums only: never a room, a nick or an address.
 */
package mychat.server.metrics;
