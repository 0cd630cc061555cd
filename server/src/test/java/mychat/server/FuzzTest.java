package mychat.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import mychat.protocol.ClientRequest;
import mychat.protocol.Codec;
import mychat.protocol.Decoded;
import mychat.protocol.ServerEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * Random and mutated input, for a bounded time each: the decoder and the handshake path must answer every input
 * with an Error, a close or an HTTP error, never an uncaught exception or a hung connection. The seed is printed
 * so that a failure can be replayed.
 */
class FuzzTest {
    private static final long BUDGET_NANOS = 3_000_000_000L;
    private static final List<String> SEEDS = List.of(
            "{\"type\":\"Join\",\"room\":\"lobby\",\"nick\":\"alice\",\"since\":5}",
            "{\"type\":\"SendMsg\",\"text\":\"héllo 😀\",\"cid\":\"c-1\"}",
            "{\"type\":\"History\",\"before\":100,\"limit\":20}",
            "{\"type\":\"ListRooms\"}", "{\"type\":\"Leave\"}", "{\"type\":\"Auth\",\"token\":\"x.y.z\"}");

    @RegisterExtension
    static final RunningServer running = new RunningServer(java.util.Map.of("CHAT_HANDSHAKE_TIMEOUT", "1s"));

    private final long seed = System.nanoTime();
    private final Random random = new Random(seed);
    private ListAppender<ILoggingEvent> errors;

    @BeforeEach
    void watchForErrors() {
        errors = new ListAppender<>();
        errors.start();
        ((Logger) LoggerFactory.getLogger("mychat")).addAppender(errors);
        System.out.println("fuzz seed " + seed);
    }

    @AfterEach
    void noErrorWasLogged() {
        ((Logger) LoggerFactory.getLogger("mychat")).detachAppender(errors);
        assertThat(errors.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.ERROR))
                .as("errors logged by the server (seed %d)", seed).isEmpty();
    }

    private byte[] mutate(byte[] input) {
        byte[] out = input.clone();
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits && out.length > 0; i++) {
            switch (random.nextInt(4)) {
                case 0 -> out[random.nextInt(out.length)] = (byte) random.nextInt(256);
                case 1 -> {
                    String structural = "{}[]\",:\\0-9ae";
                    out[random.nextInt(out.length)] = (byte) structural.charAt(random.nextInt(structural.length()));
                }
                case 2 -> {
                    int cut = random.nextInt(out.length);
                    out = java.util.Arrays.copyOf(out, cut);
                }
                default -> {
                    byte[] longer = java.util.Arrays.copyOf(out, out.length + 1 + random.nextInt(8));
                    random.ints(longer.length - out.length, 0, 256)
                            .forEach(b -> longer[longer.length - 1] = (byte) b);
                    out = longer;
                }
            }
        }
        return out;
    }

    @Test
    void theDecoderAnswersEveryInputWithARequestOrAReason() {
        long deadline = System.nanoTime() + BUDGET_NANOS;
        int count = 0;
        while (System.nanoTime() < deadline) {
            byte[] input = random.nextInt(4) == 0 ? randomBytes(random.nextInt(200))
                    : mutate(SEEDS.get(random.nextInt(SEEDS.size())).getBytes(StandardCharsets.UTF_8));
            Decoded<ClientRequest> decoded = Codec.decodeRequest(input);
            switch (decoded) {
                case Decoded.Ok<ClientRequest> ok -> assertThat(ok.value()).isNotNull();
                case Decoded.Malformed<ClientRequest> bad -> assertThat(bad.reason()).isNotBlank();
            }
            count++;
        }
        assertThat(count).isGreaterThan(1000);
    }

    @Test
    void mutatedFramesOnALiveConnectionGetAnswersOrACloseAndTheServerKeepsServing() throws Exception {
        long deadline = System.nanoTime() + BUDGET_NANOS;
        int connections = 0;
        while (System.nanoTime() < deadline) {
            try (RawWebSocket raw = RawWebSocket.open(running.port())) {
                raw.socket.setSoTimeout(5_000);
                for (int i = 0; i < 20; i++) {
                    byte[] payload = mutate(SEEDS.get(random.nextInt(SEEDS.size())).getBytes(StandardCharsets.UTF_8));
                    int opcode = random.nextInt(10) == 0 ? random.nextInt(16) : RawWebSocket.OP_TEXT;
                    raw.sendFrame(random.nextInt(10) != 0, opcode, payload);
                }
                raw.sendText("{\"type\":\"ListRooms\"}");
                assertThat(answeredOrClosed(raw)).as("seed %d", seed).isTrue();
            } catch (IOException closedMidWay) {
                // a close while we were still writing is one of the allowed outcomes
            }
            connections++;
        }
        assertThat(connections).isPositive();
        try (TestClient survivor = TestClient.connect(running.port())) {
            survivor.expectNothingMoreThenRoomList();
        }
    }

    @Test
    void mutatedHandshakesGetAnHttpAnswerOrACloseAndNeverHang() throws Exception {
        String handshake = "GET /ws?token=x HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\nOrigin: https://x.example\r\n\r\n";
        long deadline = System.nanoTime() + BUDGET_NANOS;
        while (System.nanoTime() < deadline) {
            byte[] request = random.nextInt(3) == 0 ? randomBytes(random.nextInt(600))
                    : mutate(handshake.getBytes(StandardCharsets.US_ASCII));
            try (RawWebSocket raw = RawWebSocket.tcp(running.port())) {
                raw.socket.setSoTimeout(5_000); // the handshake timeout (1 s) must end every attempt before this
                raw.writeRaw(request);
                String answer = firstBytes(raw, 9);
                assertThat(answer.isEmpty() || answer.equals("HTTP/1.1 ")).as("answer to %s (seed %d)",
                        new String(request, StandardCharsets.ISO_8859_1), seed).isTrue();
            } catch (SocketTimeoutException hung) {
                throw new AssertionError("the server neither answered nor closed (seed " + seed + ")", hung);
            } catch (IOException reset) {
                // the server closed while we were writing: allowed
            }
        }
        try (TestClient survivor = TestClient.connect(running.port())) {
            survivor.expectNothingMoreThenRoomList();
        }
    }

    /** Reads until a RoomList arrives (the connection answers) or the connection closes. */
    private static boolean answeredOrClosed(RawWebSocket raw) throws IOException {
        try {
            while (true) {
                RawWebSocket.Frame frame = raw.readFrame();
                if (frame.opcode() == RawWebSocket.OP_CLOSE) {
                    return true;
                }
                if (frame.opcode() == RawWebSocket.OP_TEXT
                        && Codec.decodeEvent(frame.text()) instanceof Decoded.Ok<ServerEvent> ok
                        && ok.value() instanceof ServerEvent.RoomList) {
                    return true;
                }
            }
        } catch (java.io.EOFException closed) {
            return true;
        } catch (SocketTimeoutException hung) {
            return false;
        }
    }

    /** The first {@code n} bytes the server sends, or fewer if it closes first. */
    private static String firstBytes(RawWebSocket raw, int n) throws IOException {
        byte[] buf = raw.input().readNBytes(n);
        return new String(buf, StandardCharsets.ISO_8859_1);
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
