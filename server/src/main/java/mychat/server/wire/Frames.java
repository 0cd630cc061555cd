package mychat.server.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import mychat.protocol.Codec;
import mychat.protocol.ServerEvent;

/**
 * Encodes a {@link ServerEvent} into one complete, unmasked WebSocket text frame (header and JSON payload).
 *
 * <p>Why whole frames: server-to-client frames are never masked, so every recipient of a broadcast can be sent the
 * very same bytes. A room encodes an event once and writes {@code retainedDuplicate()}s of the result; Netty's
 * WebSocket encoder only handles {@code WebSocketFrame} objects and lets a {@code ByteBuf} pass through untouched.
 * This assumes no WebSocket extension (such as permessage-deflate) is negotiated, which the server never does.
 */
public final class Frames {

    /** Room for the longest header: 1 byte flags/opcode, 1 byte length marker, 8 bytes extended length. */
    private static final int MAX_HEADER = 10;
    private static final int FIN_TEXT = 0x81;

    private Frames() {}

    /** The caller owns the returned buffer and must release it. */
    public static ByteBuf encode(ServerEvent event, ByteBufAllocator alloc) {
        ByteBuf buf = alloc.ioBuffer(256);
        try {
            buf.writerIndex(MAX_HEADER);
            Codec.encode(event, new ByteBufOutputStream(buf));
            int length = buf.writerIndex() - MAX_HEADER;
            int start;
            if (length <= 125) {
                start = MAX_HEADER - 2;
                buf.setByte(start + 1, length);
            } else if (length <= 0xFFFF) {
                start = MAX_HEADER - 4;
                buf.setByte(start + 1, 126);
                buf.setShort(start + 2, length);
            } else {
                start = 0;
                buf.setByte(1, 127);
                buf.setLong(2, length);
            }
            buf.setByte(start, FIN_TEXT);
            buf.readerIndex(start);
            return buf;
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
    }
}
