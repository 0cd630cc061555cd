package mychat.bench.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The generator's frame reader sees every text payload a server's frames carry, however the bytes arrive. */
class FrameReaderTest {
    private final List<String> texts = new ArrayList<>();

    @Test
    void readsTextFramesOfEveryLengthEncodingWhateverWayTheBytesAreSplit() {
        List<String> sent = List.of("{\"type\":\"Message\"}", "x".repeat(125), "y".repeat(126), "z".repeat(70_000), "");
        ByteBuf wire = serverBytes(sent.stream().<WebSocketFrame>map(TextWebSocketFrame::new).toList());
        for (int chunk : new int[] {1, 2, 3, 7, 130, wire.readableBytes()}) {
            texts.clear();
            EmbeddedChannel channel = reader();
            for (int at = 0; at < wire.readableBytes(); at += chunk) {
                channel.writeInbound(wire.retainedSlice(at, Math.min(chunk, wire.readableBytes() - at)));
            }
            assertThat(texts).as("in pieces of %d bytes", chunk).isEqualTo(sent);
            assertThat(channel.finishAndReleaseAll()).isFalse();
        }
        wire.release();
    }

    @Test
    void joinsAFragmentedTextMessage() {
        ByteBuf wire = serverBytes(List.of(new TextWebSocketFrame(false, 0, "{\"type\":"),
                new ContinuationWebSocketFrame(false, 0, "\"Mess"), new ContinuationWebSocketFrame(true, 0, "age\"}"),
                new TextWebSocketFrame("after")));
        EmbeddedChannel channel = reader();
        channel.writeInbound(wire);
        assertThat(texts).containsExactly("{\"type\":\"Message\"}", "after");
    }

    @Test
    void passesPingsAndTheCloseFrameOnAndSkipsPongs() {
        ByteBuf wire = serverBytes(List.of(new PingWebSocketFrame(Unpooled.copiedBuffer("hb", StandardCharsets.UTF_8)),
                new PongWebSocketFrame(), new CloseWebSocketFrame(1001, "going away")));
        EmbeddedChannel channel = reader();
        channel.writeInbound(wire);
        PingWebSocketFrame ping = channel.readInbound();
        assertThat(ping.content().toString(StandardCharsets.UTF_8)).isEqualTo("hb");
        ping.release();
        CloseWebSocketFrame close = channel.readInbound();
        assertThat(close.statusCode()).isEqualTo(1001);
        assertThat(close.reasonText()).isEqualTo("going away");
        close.release();
        assertThat((Object) channel.readInbound()).isNull();
        assertThat(texts).isEmpty();
    }

    @Test
    void refusesMaskedAndOversizedFrames() {
        EmbeddedChannel masked = reader();
        assertThatThrownBy(() -> masked.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0x81, (byte) 0x81,
                1, 2, 3, 4, 'x'}))).isInstanceOf(CorruptedFrameException.class);
        EmbeddedChannel tooLong = new EmbeddedChannel(new FrameReader(json -> { }, 100));
        ByteBuf big = serverBytes(List.of(new TextWebSocketFrame("x".repeat(101))));
        assertThatThrownBy(() -> tooLong.writeInbound(big)).isInstanceOf(TooLongFrameException.class);
    }

    private EmbeddedChannel reader() {
        return new EmbeddedChannel(new FrameReader(json -> {
            int before = json.readerIndex();
            texts.add(json.toString(StandardCharsets.UTF_8));
            assertThat(json.readerIndex()).isEqualTo(before);
        }, 1 << 20));
    }

    /** The bytes a server (Netty's encoder, unmasked) puts on the wire for these frames. */
    private static ByteBuf serverBytes(List<WebSocketFrame> frames) {
        EmbeddedChannel server = new EmbeddedChannel(new WebSocket08FrameEncoder(false));
        ByteBuf wire = Unpooled.buffer();
        for (WebSocketFrame frame : frames) {
            server.writeOutbound(frame);
            for (ByteBuf part; (part = server.readOutbound()) != null; ) {
                wire.writeBytes(part);
                part.release();
            }
        }
        server.finishAndReleaseAll();
        return wire;
    }
}
