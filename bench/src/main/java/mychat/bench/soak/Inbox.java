package mychat.bench.soak;

import mychat.bench.soak.SoakCounts.Count;
import mychat.protocol.ServerEvent;

/**
 * What a client does with each event its room sends, and the checks made on the way:
 * <ul>
 *   <li>message ids in order, holes only where {@code lagged} announced them ({@link SequenceCheck}), also across a
 *       resume the server said it recovered;</li>
 *   <li>every line under one id, whoever receives it, and its text and sender matching its cid (the sender's
 *       {@link OwnMessages});</li>
 *   <li>the sender's own lines coming back, so that it knows what to resend; the server's echo of a resent line is
 *       told apart from a duplicate.</li>
 * </ul>
 * Refusals are handled as a real client would: {@code rate_limited} waits {@code retry_after_ms} and sends the same
 * request again. Runs on its client's loop.
 */
final class Inbox {
    private static final long RETRY_MILLIS = 1_000;
    /** {@code nick_taken} after a reconnect: the server has not yet seen the previous connection go. */
    private static final long NICK_RETRY_MILLIS = 500;

    private final ChurnClient client;
    private final Population population;
    private final SoakCounts counts;

    Inbox(ChurnClient client, Population population) {
        this.client = client;
        this.population = population;
        this.counts = population.counts();
    }

    void onEvent(ChurnSession s, ServerEvent event) {
        switch (event) {
            case ServerEvent.Joined joined -> onJoined(s, joined);
            case ServerEvent.Message message -> onMessage(s, message);
            case ServerEvent.Error error -> onError(s, error);
            case ServerEvent.UserJoined ignored -> { }
            case ServerEvent.UserLeft ignored -> { }
            case ServerEvent.Typing ignored -> { }
            case ServerEvent.RoomList ignored -> counts.increment(Count.UNEXPECTED); // never asked for
            case ServerEvent.HistoryPage ignored -> counts.increment(Count.UNEXPECTED);
            case ServerEvent.Notice ignored -> { }
            case ServerEvent.MessageDeleted ignored -> { }
        }
    }

    /**
     * A resume the server recovered must go on right after {@code since}, which the sequence still stands at; one
     * it could not recover replays the newest messages instead, so the sequence starts afresh (not a gap: the
     * server said so).
     */
    private void onJoined(ChurnSession s, ServerEvent.Joined joined) {
        if (!client.isJoining() || !joined.room().equals(client.room) || !joined.members().contains(client.nick)) {
            counts.increment(Count.UNEXPECTED);
            return;
        }
        if (s.since == null) {
            client.sequence.forget();
        } else if (Boolean.TRUE.equals(joined.recovered())) {
            counts.increment(Count.RESUMES_RECOVERED);
        } else {
            counts.increment(Count.RESUMES_NOT_RECOVERED);
            if (joined.recovered() == null) {
                counts.increment(Count.UNEXPECTED); // a join with since must say whether it recovered
            }
            client.sequence.forget();
        }
        client.onJoined(s);
    }

    private void onMessage(ChurnSession s, ServerEvent.Message m) {
        if (!m.room().equals(client.room)) {
            counts.increment(Count.FOREIGN);
            return;
        }
        counts.increment(m.history() ? Count.REPLAYED : Count.DELIVERED);
        if (checkLine(s, m)) {
            counts.increment(Count.ECHOES);
            return;
        }
        switch (client.sequence.onMessage(m.id())) {
            case FIRST, IN_ORDER -> { }
            case GAP -> {
                counts.increment(Count.GAPS);
                counts.add(Count.MISSING_IDS, client.sequence.missing());
            }
            case DUPLICATE -> counts.increment(Count.DUPLICATES);
            case REORDERED -> counts.increment(Count.REORDERS);
        }
    }

    /**
     * Checks a message against the line its cid names, and confirms the client's own lines. True when the message
     * is the server's echo of a line this client resent on this connection: the original (same id) once more,
     * already passed in the sequence, which is not a duplicate broadcast.
     */
    private boolean checkLine(ChurnSession s, ServerEvent.Message m) {
        String cid = m.cid();
        if (cid == null) {
            return false; // not one of ours: someone else is talking in the room; the sequence still counts it
        }
        int senderIndex = Cids.client(population.run(), cid);
        int seq = Cids.seq(population.run(), cid);
        if (senderIndex < 0 || seq < 0) {
            return false;
        }
        ChurnClient sender = population.client(senderIndex);
        if (sender == null || !sender.room.equals(client.room)) {
            counts.increment(Count.FOREIGN);
            return false;
        }
        if (!m.from().equals(sender.nick) || !m.text().startsWith(cid)) {
            counts.increment(Count.CORRUPTED);
        }
        if (sender.own.record(seq, m.id()) == OwnMessages.Recorded.SECOND_ID) {
            counts.increment(Count.CID_DOUBLED);
        }
        if (sender != client) {
            return false;
        }
        client.own.confirm(seq);
        s.unanswered.remove(seq);
        long last = client.sequence.last();
        return !m.history() && s.resent.contains(seq) && last >= 0 && m.id() <= last;
    }

    private void onError(ChurnSession s, ServerEvent.Error e) {
        switch (e.code()) {
            case LAGGED -> onLagged(e);
            case RATE_LIMITED -> {
                counts.error(e.code().wireName());
                counts.increment(Count.RATE_LIMITED);
                retry(s, e.retryAfterMs() != null ? e.retryAfterMs() : RETRY_MILLIS);
            }
            case UNAVAILABLE -> {
                counts.error(e.code().wireName());
                retry(s, RETRY_MILLIS);
            }
            case NICK_TAKEN -> {
                counts.error(e.code().wireName());
                if (client.isJoining()) {
                    client.retryJoin(s, NICK_RETRY_MILLIS);
                }
            }
            default -> counts.error(e.code().wireName());
        }
    }

    /** A refused {@code Join} is sent again; a refused line is the oldest one unanswered (answers keep order). */
    private void retry(ChurnSession s, long delayMillis) {
        if (client.isJoining()) {
            client.retryJoin(s, delayMillis);
            return;
        }
        Integer seq = s.unanswered.poll();
        if (seq != null) {
            client.resendLater(s, seq, delayMillis);
        }
    }

    private void onLagged(ServerEvent.Error e) {
        counts.increment(Count.LAGGED_NOTICES);
        if (e.dropped() == null || e.from() == null || e.to() == null) {
            counts.increment(Count.LAGGED_ANOMALIES);
            return;
        }
        counts.add(Count.LAGGED_DROPPED, e.dropped());
        switch (client.sequence.onLagged(e.from(), e.to(), e.dropped())) {
            case EXPECTED -> { }
            case AFTER_GAP -> {
                counts.increment(Count.GAPS);
                counts.add(Count.MISSING_IDS, client.sequence.missing());
            }
            case OVERLAPPING, INCONSISTENT -> counts.increment(Count.LAGGED_ANOMALIES);
        }
    }
}
