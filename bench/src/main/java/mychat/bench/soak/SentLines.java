package mychat.bench.soak;

/**
 * What became of the chat lines sent, once the run and its drain are over.
 *
 * @param sent                lines sent, each with its own cid
 * @param unconfirmedBySender lines their sender never saw come back (live, replayed or echoed)
 * @param neverDelivered      of those, lines no client of the room received at all
 * @param tooOldToTell        of those, lines too old for the record of ids ({@link OwnMessages#REMEMBERED})
 */
public record SentLines(long sent, long unconfirmedBySender, long neverDelivered, long tooOldToTell) {}
