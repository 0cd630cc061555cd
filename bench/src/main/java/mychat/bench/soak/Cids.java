package mychat.bench.soak;

/**
 * The soak's cids: {@code <run>.<client>.<seq>}, for example {@code k3x9a.117.42}. A receiver reads the sending
 * client and its line number back from the cid, which is how every member of a room checks every line against
 * its sender's {@link OwnMessages}. The run id keeps the cids of two runs against one server apart.
 */
final class Cids {
    private Cids() {}

    static String of(String run, int client, int seq) {
        return run + '.' + client + '.' + seq;
    }

    /** The client number of a cid of this run, or -1 for any other cid (another run's, a person's). */
    static int client(String run, String cid) {
        int dot = secondDot(run, cid);
        return dot < 0 ? -1 : parse(cid, run.length() + 1, dot);
    }

    /** The line number of a cid of this run, or -1 for any other cid. */
    static int seq(String run, String cid) {
        int dot = secondDot(run, cid);
        return dot < 0 ? -1 : parse(cid, dot + 1, cid.length());
    }

    private static int secondDot(String run, String cid) {
        if (cid == null || !cid.startsWith(run) || cid.length() <= run.length() || cid.charAt(run.length()) != '.') {
            return -1;
        }
        return cid.indexOf('.', run.length() + 1);
    }

    /** A non-negative decimal number of at most nine digits, or -1. */
    private static int parse(String s, int from, int to) {
        if (to <= from || to - from > 9) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
