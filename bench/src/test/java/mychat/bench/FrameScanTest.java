package mychat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import mychat.bench.net.FrameScan;
import mychat.bench.net.SendMsgFrame;
import mychat.protocol.ClientRequest;
import mychat.protocol.Codec;
import mychat.protocol.Decoded;
import mychat.protocol.ErrorCode;
import mychat.protocol.ServerEvent;
import org.junit.jupiter.api.Test;

/** The byte-level reading of server frames agrees with what the real codec writes. */
class FrameScanTest {

    @Test
    void sendMsgFrameIsAValidRequestWhoseTextCarriesStepAndTime() {
        ByteBuf json = new SendMsgFrame(64).encode(Unpooled.buffer().alloc(), 7, 1234567890123L);
        Decoded<ClientRequest> decoded = Codec.decodeRequest(json.toString(StandardCharsets.UTF_8));

        assertThat(decoded).isInstanceOf(Decoded.Ok.class);
        String text = ((ClientRequest.SendMsg) ((Decoded.Ok<ClientRequest>) decoded).value()).text();
        assertThat(text).hasSize(64).startsWith("|t0007" + "0000001234567890123" + "|x");
    }

    @Test
    void messageEchoedByTheServerYieldsStepAndSendTime() {
        String text = "|t0042" + "0000000000000000099" + "|xxxx";
        ByteBuf frame = wrap(Codec.encodeToString(new ServerEvent.Message("room|1", 5, "bob", text, 1L, false, null)));

        assertThat(FrameScan.kind(frame)).isEqualTo(FrameScan.Kind.MESSAGE);
        int marker = FrameScan.markerAt(frame);
        assertThat(FrameScan.step(frame, marker)).isEqualTo(42);
        assertThat(FrameScan.sendNanos(frame, marker)).isEqualTo(99);
    }

    @Test
    void replayedHistoryAndForeignTextsCarryNoMarker() {
        String text = "|t0042" + "0000000000000000099" + "|";
        assertThat(FrameScan.markerAt(wrap(Codec.encodeToString(
                new ServerEvent.Message("r", 5, "bob", text, 1L, true, null))))).isEqualTo(FrameScan.NO_MARKER);
        assertThat(FrameScan.markerAt(wrap(Codec.encodeToString(
                new ServerEvent.Message("r", 5, "bob", "a | b", 1L, false, null))))).isEqualTo(FrameScan.NO_MARKER);
    }

    @Test
    void eventsAreClassifiedAndLaggedDropsCounted() {
        assertThat(FrameScan.kind(wrap(Codec.encodeToString(new ServerEvent.UserJoined("a")))))
                .isEqualTo(FrameScan.Kind.MEMBERSHIP);
        assertThat(FrameScan.kind(wrap(Codec.encodeToString(new ServerEvent.Joined("r", java.util.List.of("a"))))))
                .isEqualTo(FrameScan.Kind.JOINED);
        ByteBuf lagged = wrap(Codec.encodeToString(ServerEvent.Error.lagged(42, 100, 141)));
        assertThat(FrameScan.kind(lagged)).isEqualTo(FrameScan.Kind.ERROR);
        assertThat(FrameScan.isLagged(lagged)).isTrue();
        assertThat(FrameScan.dropped(lagged)).isEqualTo(42);
        ByteBuf taken = wrap(Codec.encodeToString(ServerEvent.Error.of(ErrorCode.NICK_TAKEN)));
        assertThat(FrameScan.isLagged(taken)).isFalse();
        assertThat(FrameScan.errorCode(taken)).isEqualTo("nick_taken");
    }

    @Test
    void typeIsFoundWhenItIsNotTheFirstField() {
        assertThat(FrameScan.kind(wrap("{\"room\":\"r\",\"type\":\"Message\",\"text\":\"x\"}")))
                .isEqualTo(FrameScan.Kind.MESSAGE);
    }

    private static ByteBuf wrap(String json) {
        return Unpooled.wrappedBuffer(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void ownMessagesAreRecognisedByTheExactNick() {
        ByteBuf fromU1 = wrap(Codec.encodeToString(new ServerEvent.Message("r", 1, "u1", "|t", 1L, false, null)));
        ByteBuf fromU10 = wrap(Codec.encodeToString(new ServerEvent.Message("r", 2, "u10", "|t", 1L, false, null)));

        assertThat(FrameScan.isFrom(fromU1, FrameScan.fromField("u1"))).isTrue();
        assertThat(FrameScan.isFrom(fromU10, FrameScan.fromField("u1"))).isFalse();
        assertThat(FrameScan.isFrom(fromU10, FrameScan.fromField("u10"))).isTrue();
    }
}
