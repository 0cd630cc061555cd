package mychat.bench.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads the server's WebSocket frames straight from the socket's bytes and hands each text payload to
 * {@code onText} in place, without a frame object per message: it replaces Netty's frame decoder once the
 * handshake is done. The generator has to read as many frames as the server writes, and with Netty's decoder
 * chain (a frame object, a slice and two more handlers per frame) it, not the server, was what gave out first.
 * Pings and the close frame, which are rare, still become Netty's frame objects for the handlers behind (the
 * protocol handler answers pings).
 *
 * <p>The payload is passed as the received buffer itself with its reader and writer index set around the payload
 * for the duration of the call: {@code onText} must not keep it, release it or move its indexes.
 */
final class FrameReader extends ByteToMessageDecoder {
    private static final int OP_CONTINUATION = 0x0;
    private static final int OP_TEXT = 0x1;
    private static final int OP_CLOSE = 0x8;
    private static final int OP_PING = 0x9;

    private final Consumer<ByteBuf> onText;
    private final int maxPayload;
    /** The parts so far of a fragmented text message (servers rarely fragment; this path may allocate). */
    private ByteBuf fragments;

    FrameReader(Consumer<ByteBuf> onText, int maxPayload) {
        this.onText = onText;
        this.maxPayload = maxPayload;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (true) {
            int start = in.readerIndex();
            int readable = in.writerIndex() - start;
            if (readable < 2) {
                return;
            }
            int first = in.getUnsignedByte(start);
            int second = in.getUnsignedByte(start + 1);
            if ((second & 0x80) != 0) {
                throw new CorruptedFrameException("the server sent a masked frame");
            }
            int header = 2;
            long length = second & 0x7F;
            if (length == 126) {
                if (readable < 4) {
                    return;
                }
                length = in.getUnsignedShort(start + 2);
                header = 4;
            } else if (length == 127) {
                if (readable < 10) {
                    return;
                }
                length = in.getLong(start + 2);
                header = 10;
            }
            if (length < 0 || length > maxPayload) {
                throw new TooLongFrameException("frame of " + length + " bytes, more than " + maxPayload);
            }
            if (readable < header + length) {
                return;
            }
            int payload = start + header;
            int end = payload + (int) length;
            boolean fin = (first & 0x80) != 0;
            switch (first & 0x0F) {
                case OP_TEXT -> {
                    if (fin) {
                        text(in, payload, end);
                    } else {
                        dropFragments(); // a new message before the last one ended: that one is lost
                        fragments = Unpooled.buffer((int) length * 2).writeBytes(in, payload, (int) length);
                    }
                }
                case OP_CONTINUATION -> {
                    if (fragments != null) { // else the continuation of a binary message: not ours to count
                        fragments.writeBytes(in, payload, (int) length);
                        if (fin) {
                            ByteBuf whole = fragments;
                            fragments = null;
                            onText.accept(whole);
                            whole.release();
                        }
                    }
                }
                case OP_PING -> out.add(new PingWebSocketFrame(in.retainedSlice(payload, (int) length)));
                case OP_CLOSE -> out.add(new CloseWebSocketFrame(true, 0, in.retainedSlice(payload, (int) length)));
                default -> { } // binary and pong: nothing the benchmark counts
            }
            in.readerIndex(end);
        }
    }

    /** Shows {@code onText} the payload in place, then puts the indexes back. */
    private void text(ByteBuf in, int payload, int end) {
        int writerIndex = in.writerIndex();
        in.setIndex(payload, end);
        try {
            onText.accept(in);
        } finally {
            in.setIndex(payload, writerIndex);
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        dropFragments();
    }

    private void dropFragments() {
        if (fragments != null) {
            fragments.release();
            fragments = null;
        }
    }
}
