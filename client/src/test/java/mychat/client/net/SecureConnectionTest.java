package mychat.client.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import mychat.client.state.Input;
import mychat.protocol.ClientRequest;
import mychat.protocol.ServerEvent;
import mychat.server.ChatServer;
import mychat.server.ServerConfig;
import mychat.server.TestCertificates;
import mychat.server.Tokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client's connection over wss:// with --ca, and with a bearer token. */
class SecureConnectionTest {
    @TempDir
    static Path dir;
    static TestCertificates certs;

    @BeforeAll
    static void makeCertificates() throws Exception {
        certs = TestCertificates.create(dir);
    }

    private static ServerEvent firstEvent(BlockingQueue<Input> inputs) throws InterruptedException {
        while (true) {
            Input input = inputs.poll(10, TimeUnit.SECONDS);
            assertThat(input).as("an event within 10 s").isNotNull();
            if (input instanceof Input.Received(ServerEvent event)) {
                return event;
            }
        }
    }

    private static ChatServer tlsServer() throws Exception {
        return ChatServer.start(ServerConfig.forTests(Map.of(
                "CHAT_TLS_CERT", certs.serverCert().toString(), "CHAT_TLS_KEY", certs.serverKey().toString())));
    }

    @Test
    void wssWithThePrivateCaGivenByCaWorks() throws Exception {
        try (ChatServer server = tlsServer()) {
            BlockingQueue<Input> inputs = new LinkedBlockingQueue<>();
            Endpoint endpoint = Endpoint.of(URI.create("wss://127.0.0.1:" + server.port() + "/"), null,
                    certs.caCert());
            Connection connection = Connection.open(endpoint, inputs::add).get(10, TimeUnit.SECONDS);
            connection.send(new ClientRequest.ListRooms());
            assertThat(firstEvent(inputs)).isInstanceOf(ServerEvent.RoomList.class);
            connection.close();
        }
    }

    @Test
    void wssWithTheWrongCaIsRefusedWithAHint() throws Exception {
        try (ChatServer server = tlsServer()) {
            for (Path trust : new Path[] {certs.otherCaCert(), null}) { // another CA; only the system's CAs
                Endpoint endpoint = Endpoint.of(URI.create("wss://127.0.0.1:" + server.port() + "/"), null, trust);
                assertThatThrownBy(() -> Connection.open(endpoint, input -> { }).get(10, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .hasMessageContaining("not trusted").hasMessageContaining("--ca");
            }
        }
    }

    @Test
    void theTokenIsSentAsABearerHeaderAndAMissingOneIsExplained() throws Exception {
        try (ChatServer server = ChatServer.start(ServerConfig.forTests(Map.of("CHAT_JWT_SECRET", Tokens.SECRET)))) {
            URI uri = URI.create("ws://127.0.0.1:" + server.port() + "/");
            String token = Tokens.hs256(Tokens.claims("carol", Instant.now().plusSeconds(3600)).build());
            BlockingQueue<Input> inputs = new LinkedBlockingQueue<>();
            Connection connection = Connection.open(Endpoint.of(uri, token, null), inputs::add)
                    .get(10, TimeUnit.SECONDS);
            connection.send(new ClientRequest.Join("lobby", "whoever"));
            assertThat(firstEvent(inputs)).isEqualTo(new ServerEvent.Joined("lobby", java.util.List.of("carol")));
            connection.close();

            assertThatThrownBy(() -> Connection.open(Endpoint.of(uri, null, null), input -> { })
                    .get(10, TimeUnit.SECONDS)).hasMessageContaining("401").hasMessageContaining("--token");
        }
    }
}
