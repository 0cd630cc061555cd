package mychat.bench.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds the JSON of a timestamped {@code SendMsg}: {@code {"type":"SendMsg","text":"|tSSSSNNNN...N|xxxx"}}, the
 * text padded with {@code x} to the requested size. Written straight into a buffer, digit by digit, because the
 * pacer builds one per message on the generator's only core. See {@link FrameScan} for the marker's layout.
 */
public final class SendMsgFrame {
    private static final byte[] HEAD = "{\"type\":\"SendMsg\",\"text\":\"|t".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TAIL = "\"}".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_STEP = 9999;

    private final byte[] padding;

    /** @param textBytes length of the text in bytes; at least the marker's length */
    public SendMsgFrame(int textBytes) {
        if (textBytes < FrameScan.MARKER_LENGTH) {
            throw new IllegalArgumentException("text must be at least " + FrameScan.MARKER_LENGTH + " bytes");
        }
        padding = new byte[textBytes - FrameScan.MARKER_LENGTH];
        Arrays.fill(padding, (byte) 'x');
    }

    public int textBytes() {
        return padding.length + FrameScan.MARKER_LENGTH;
    }

    /** A new buffer holding the JSON; the caller owns it. */
    public ByteBuf encode(ByteBufAllocator alloc, int step, long sendNanos) {
        if (step < 0 || step > MAX_STEP || sendNanos < 0) {
            throw new IllegalArgumentException("step " + step + " or time " + sendNanos + " out of range");
        }
        ByteBuf buf = alloc.buffer(HEAD.length + FrameScan.MARKER_LENGTH + padding.length + TAIL.length);
        buf.writeBytes(HEAD);
        writeDigits(buf, step, FrameScan.STEP_DIGITS);
        writeDigits(buf, sendNanos, FrameScan.NANOS_DIGITS);
        buf.writeByte('|');
        buf.writeBytes(padding);
        buf.writeBytes(TAIL);
        return buf;
    }

    private static void writeDigits(ByteBuf buf, long value, int width) {
        int at = buf.writerIndex();
        buf.writerIndex(at + width);
        for (int i = at + width - 1; i >= at; i--) {
            buf.setByte(i, (int) ('0' + value % 10));
            value /= 10;
        }
    }
}
