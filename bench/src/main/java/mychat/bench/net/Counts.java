package mychat.bench.net;

/**
 * What the receivers have seen, summed over all connections.
 *
 * @param measured      {@code Message} frames of the step being measured (latency recorded)
 * @param unmeasured    other {@code Message} frames: warm-up, an earlier step, replayed history, foreign texts
 * @param events        {@code Joined}, {@code UserJoined}, {@code UserLeft} and other non-message events
 * @param laggedNotices {@code lagged} errors: the server dropped messages for a member
 * @param laggedDropped the messages those notices said were dropped
 * @param errors        every other {@code Error} event
 * @param serverCloses  Close frames received from the server
 * @param disconnects   connections that ended without the generator asking
 */
public record Counts(long measured, long unmeasured, long events, long laggedNotices, long laggedDropped,
                     long errors, long serverCloses, long disconnects) {

    public static final Counts ZERO = new Counts(0, 0, 0, 0, 0, 0, 0, 0);

    public Counts plus(Counts o) {
        return new Counts(measured + o.measured, unmeasured + o.unmeasured, events + o.events,
                laggedNotices + o.laggedNotices, laggedDropped + o.laggedDropped, errors + o.errors,
                serverCloses + o.serverCloses, disconnects + o.disconnects);
    }

    public Counts minus(Counts o) {
        return new Counts(measured - o.measured, unmeasured - o.unmeasured, events - o.events,
                laggedNotices - o.laggedNotices, laggedDropped - o.laggedDropped, errors - o.errors,
                serverCloses - o.serverCloses, disconnects - o.disconnects);
    }
}
