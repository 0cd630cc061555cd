package mychat.bench.jmh;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import mychat.protocol.ClientRequest;
import mychat.protocol.Codec;
import mychat.protocol.Decoded;
import mychat.protocol.ServerEvent;
import mychat.server.wire.Frames;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-message protocol work on the server's hot path: decoding an incoming {@code SendMsg} frame's bytes, and
 * encoding the resulting {@code Message} event once into a complete WebSocket frame (what a room does once per
 * broadcast, however many members it has).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class CodecBench {
    private static final String TEXT = "|t0001:0000001234567890123|hello everyone, this is a typical chat line";

    private final byte[] sendMsg = ("{\"type\":\"SendMsg\",\"text\":\"" + TEXT + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    private final ServerEvent.Message message =
            new ServerEvent.Message("lobby", 1042, "alice", TEXT, 1795639759306L, false, null);
    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;

    @Benchmark
    public Decoded<ClientRequest> decodeSendMsg() {
        return Codec.decodeRequest(sendMsg);
    }

    @Benchmark
    public int encodeMessageFrame() {
        ByteBuf frame = Frames.encode(message, alloc);
        int size = frame.readableBytes();
        frame.release();
        return size;
    }
}
