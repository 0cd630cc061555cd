package mychat.bench.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * Reads what the load generator needs from a server frame's JSON by looking at bytes: the event type and, for a
 * {@code Message}, the send time the generator embedded in its text. Nothing is parsed into objects, so a receiver
 * pays a few byte comparisons and one {@code indexOf} per frame instead of a JSON parse.
 *
 * <p>Why this is sound: both servers write {@code type} as the first field ({@code {"type":"Message",...}}); a frame
 * that does not start that way is searched for {@code "type":"} instead. The marker is {@code |t}, a 4-digit step
 * number, a 19-digit {@code System.nanoTime()} and {@code |}: the first {@code |} in a chat frame of ours is the
 * marker, because rooms and nicks never contain one. Stateless and thread-safe.
 */
public final class FrameScan {

    /** What kind of event a frame holds. */
    public enum Kind { MESSAGE, JOINED, MEMBERSHIP, ERROR, OTHER }

    /** Length of the marker: {@code |t} + 4 digits of step + 19 digits of nanos + {@code |}. */
    public static final int MARKER_LENGTH = 26;
    static final int STEP_DIGITS = 4;
    static final int NANOS_DIGITS = 19;
    /** Returned by {@link #markerAt} when the frame carries no marker. */
    public static final int NO_MARKER = -1;

    private static final byte[] TYPE_PREFIX = "{\"type\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final ByteBuf TYPE_FIELD = constant("\"type\":\"");
    private static final ByteBuf LAGGED = constant("\"lagged\"");
    private static final ByteBuf DROPPED = constant("\"dropped\":");
    private static final ByteBuf CODE = constant("\"code\":\"");
    private static final ByteBuf RECOVERED = constant("\"recovered\":true");
    private static final byte[] HISTORY_END = "true}".getBytes(StandardCharsets.US_ASCII);

    private FrameScan() {}

    public static Kind kind(ByteBuf json) {
        int start = json.readerIndex();
        int at;
        if (startsWith(json, start, TYPE_PREFIX)) {
            at = start + TYPE_PREFIX.length;
        } else {
            int field = ByteBufUtil.indexOf(TYPE_FIELD, json);
            if (field < 0) {
                return Kind.OTHER;
            }
            at = field + TYPE_FIELD.readableBytes();
        }
        if (at >= json.writerIndex()) {
            return Kind.OTHER;
        }
        return switch (json.getByte(at)) {
            case 'M' -> Kind.MESSAGE;
            case 'J' -> Kind.JOINED;
            case 'U' -> Kind.MEMBERSHIP; // UserJoined, UserLeft
            case 'E' -> Kind.ERROR;
            default -> Kind.OTHER;
        };
    }

    /** Whether a {@code Joined} frame says {@code "recovered":true}. */
    public static boolean isRecovered(ByteBuf json) {
        return ByteBufUtil.indexOf(RECOVERED, json) >= 0;
    }

    /**
     * Index of the marker's first byte in a {@code Message} frame, or {@link #NO_MARKER}. Replayed history
     * ({@code "history":true}, always the last field my-chat writes) counts as unmarked: it is not live traffic.
     */
    public static int markerAt(ByteBuf json) {
        int end = json.writerIndex();
        if (endsWith(json, HISTORY_END)) {
            return NO_MARKER;
        }
        int from = json.readerIndex();
        while (from < end) {
            int bar = json.indexOf(from, end, (byte) '|');
            if (bar < 0 || bar + MARKER_LENGTH > end) {
                return NO_MARKER;
            }
            if (json.getByte(bar + 1) == 't' && json.getByte(bar + MARKER_LENGTH - 1) == '|') {
                return bar;
            }
            from = bar + 1;
        }
        return NO_MARKER;
    }

    /** The step number of the marker at {@code marker}. */
    public static int step(ByteBuf json, int marker) {
        return (int) digits(json, marker + 2, STEP_DIGITS);
    }

    /** The send time ({@code System.nanoTime()}) of the marker at {@code marker}. */
    public static long sendNanos(ByteBuf json, int marker) {
        return digits(json, marker + 2 + STEP_DIGITS, NANOS_DIGITS);
    }

    public static boolean isLagged(ByteBuf json) {
        return ByteBufUtil.indexOf(LAGGED, json) >= 0;
    }

    /**
     * The {@code "from":"<nick>"} field as bytes, to look for with {@link #isFrom}. The generator's nicks are plain
     * ASCII ({@code u0}, {@code u1}...), so no JSON escaping is needed.
     */
    public static ByteBuf fromField(String nick) {
        return constant("\"from\":\"" + nick + "\"");
    }

    /** Whether a {@code Message} frame was sent by the nick whose {@link #fromField} this is. */
    public static boolean isFrom(ByteBuf json, ByteBuf fromField) {
        return ByteBufUtil.indexOf(fromField, json) >= 0;
    }

    /** The {@code dropped} count of a {@code lagged} error; 0 when absent. */
    public static long dropped(ByteBuf json) {
        int at = ByteBufUtil.indexOf(DROPPED, json);
        if (at < 0) {
            return 0;
        }
        int i = at + DROPPED.readableBytes();
        long value = 0;
        for (; i < json.writerIndex(); i++) {
            byte b = json.getByte(i);
            if (b < '0' || b > '9') {
                break;
            }
            value = value * 10 + (b - '0');
        }
        return value;
    }

    /** The {@code code} of an {@code Error} frame, for reports; "?" when absent. Allocates: errors are rare. */
    public static String errorCode(ByteBuf json) {
        int at = ByteBufUtil.indexOf(CODE, json);
        if (at < 0) {
            return "?";
        }
        int from = at + CODE.readableBytes();
        int to = json.indexOf(from, json.writerIndex(), (byte) '"');
        return to < 0 ? "?" : json.toString(from, to - from, StandardCharsets.UTF_8);
    }

    /** Fixed-width decimal; a non-digit makes the value meaningless, which only a foreign '|t' could cause. */
    private static long digits(ByteBuf json, int from, int count) {
        long value = 0;
        for (int i = from, end = from + count; i < end; i++) {
            value = value * 10 + (json.getByte(i) - '0');
        }
        return value;
    }

    private static boolean startsWith(ByteBuf json, int at, byte[] prefix) {
        if (json.writerIndex() - at < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (json.getByte(at + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean endsWith(ByteBuf json, byte[] suffix) {
        int at = json.writerIndex() - suffix.length;
        return at >= json.readerIndex() && startsWith(json, at, suffix);
    }

    private static ByteBuf constant(String ascii) {
        return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(ascii.getBytes(StandardCharsets.US_ASCII)))
                .asReadOnly();
    }
}
