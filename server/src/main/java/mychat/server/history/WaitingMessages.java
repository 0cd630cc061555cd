package mychat.server.history;

import java.util.Arrays;
import java.util.List;

/**
 * One room's messages that are in the SQLite store's journal and not yet in a chunk ({@link ChunkWriter}), kept as
 * their JSON objects one after another in one array. They live up to a second, long enough for young collections
 * to copy them and then promote them: as objects (a message, its strings and its JSON) that is five objects per
 * message to trace, as one array per room it is one per room (single profiles: young collections took 10 % of the
 * server's samples at 64,000 msg/s with objects, while it was still compiling, and 4.6 % at 70,000 msg/s with
 * arrays). Confined to the writer lock.
 */
final class WaitingMessages {
    private byte[] json = new byte[1024];
    private int length;
    private int count;
    /** Per message: where its object ends in {@link #json}, its id and its ts. */
    private int[] ends = new int[16];
    private long[] ids = new long[16];
    private long[] times = new long[16];
    /** The journal row of the oldest message here, and when it arrived ({@code System.nanoTime()}). */
    long firstSeq;
    long since;

    WaitingMessages(long firstSeq, long since) {
        this.firstSeq = firstSeq;
        this.since = since;
    }

    /** This buffer, emptied, for a room that starts waiting now. */
    WaitingMessages restart(long firstSeq, long since) {
        this.firstSeq = firstSeq;
        this.since = since;
        count = 0;
        length = 0;
        return this;
    }

    /** Bytes of JSON this buffer holds without growing. */
    int capacity() {
        return json.length;
    }

    void add(byte[] source, int offset, int size, long id, long ts) {
        if (length + size > json.length) {
            json = Arrays.copyOf(json, Math.max(json.length * 2, length + size));
        }
        if (count == ends.length) {
            ends = Arrays.copyOf(ends, count * 2);
            ids = Arrays.copyOf(ids, count * 2);
            times = Arrays.copyOf(times, count * 2);
        }
        System.arraycopy(source, offset, json, length, size);
        length += size;
        ends[count] = length;
        ids[count] = id;
        times[count] = ts;
        count++;
    }

    int count() {
        return count;
    }

    long id(int i) {
        return ids[i];
    }

    long ts(int i) {
        return times[i];
    }

    /** Messages {@code from} (inclusive) to {@code to} (exclusive) as one JSON array. */
    byte[] array(int from, int to) {
        int start = from == 0 ? 0 : ends[from - 1];
        int end = to == 0 ? 0 : ends[to - 1];
        byte[] out = new byte[end - start + Math.max(1, to - from) + 1];
        out[0] = '[';
        int at = 1;
        for (int i = from; i < to; i++) {
            if (i > from) {
                out[at++] = ',';
            }
            int s = i == 0 ? 0 : ends[i - 1];
            System.arraycopy(json, s, out, at, ends[i] - s);
            at += ends[i] - s;
        }
        out[at] = ']';
        return out;
    }

    List<ChatMessage> messages(String room) {
        return MessageJson.decode(array(0, count), room);
    }

    /** Forgets the last messages down to {@code keep} (a commit that added them failed). */
    void truncate(int keep) {
        count = keep;
        length = keep == 0 ? 0 : ends[keep - 1];
    }

    /** Forgets the first {@code n} messages (they are in chunks now). */
    void dropFirst(int n) {
        int cut = n == 0 ? 0 : ends[n - 1];
        System.arraycopy(json, cut, json, 0, length - cut);
        length -= cut;
        for (int i = n; i < count; i++) {
            ends[i - n] = ends[i] - cut;
            ids[i - n] = ids[i];
            times[i - n] = times[i];
        }
        count -= n;
    }
}
