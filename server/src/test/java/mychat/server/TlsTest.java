package mychat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import mychat.protocol.ServerEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** wss:// with real TLS handshakes against a throwaway CA. */
class TlsTest {
    @TempDir
    static Path dir;
    static TestCertificates certs;

    @BeforeAll
    static void makeCertificates() throws Exception {
        certs = TestCertificates.create(dir);
    }

    static HttpClient trusting(Path caPem) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            store.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).build();
    }

    private static ChatServer tlsServer(Path cert, Path key) throws Exception {
        return ChatServer.start(ServerConfig.forTests(Map.of("CHAT_TLS_CERT", cert.toString(),
                "CHAT_TLS_KEY", key.toString())));
    }

    @Test
    void theWebClientIsServedOverHttps() throws Exception {
        try (ChatServer server = tlsServer(certs.serverCert(), certs.serverKey());
             HttpClient http = trusting(certs.caCert())) {
            var page = http.send(java.net.http.HttpRequest.newBuilder(
                            URI.create("https://127.0.0.1:" + server.port() + "/")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("role=\"log\"");
            assertThat(page.headers().firstValue("content-security-policy")).get().asString()
                    .contains("wss://127.0.0.1:" + server.port());
        }
    }

    @Test
    void clientTrustingTheCaChatsOverWss() throws Exception {
        try (ChatServer server = tlsServer(certs.serverCert(), certs.serverKey());
             TestClient client = TestClient.connect(URI.create("wss://127.0.0.1:" + server.port() + "/"), "chat.v1",
                     trusting(certs.caCert()), Map.of())) {
            client.send(new mychat.protocol.ClientRequest.Join("secure", "alice"));
            assertThat(client.expect(ServerEvent.Joined.class).room()).isEqualTo("secure");
        }
    }

    @Test
    void clientTrustingAnotherCaRefusesTheServer() throws Exception {
        try (ChatServer server = tlsServer(certs.serverCert(), certs.serverKey())) {
            HttpClient wrongTrust = trusting(certs.otherCaCert());
            assertThatThrownBy(() -> TestClient.connect(URI.create("wss://127.0.0.1:" + server.port() + "/"),
                    "chat.v1", wrongTrust, Map.of())).hasStackTraceContaining("SSLHandshakeException");
        }
    }

    @Test
    void plainWsToATlsListenerDoesNotUpgrade() throws Exception {
        try (ChatServer server = tlsServer(certs.serverCert(), certs.serverKey())) {
            assertThatThrownBy(() -> TestClient.connect(server.port())).isNotNull();
            try (TestClient ok = TestClient.connect(URI.create("wss://127.0.0.1:" + server.port() + "/"), null,
                    trusting(certs.caCert()), Map.of())) {
                ok.expectNothingMoreThenRoomList(); // and the server still serves
            }
        }
    }

    @Test
    void keyThatDoesNotBelongToTheCertificateIsAStartupError() {
        assertThatThrownBy(() -> tlsServer(certs.serverCert(), certs.otherKey()))
                .isInstanceOf(ChatServer.StartupException.class)
                .hasMessageContaining("does not belong to the certificate");
    }

    @Test
    void fileThatIsNotACertificateIsAStartupError() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a certificate");
        assertThatThrownBy(() -> tlsServer(garbage, certs.serverKey()))
                .isInstanceOf(ChatServer.StartupException.class).hasMessageContaining("garbage.pem");
        assertThatThrownBy(() -> tlsServer(certs.serverCert(), garbage))
                .isInstanceOf(ChatServer.StartupException.class).hasMessageContaining("garbage.pem");
    }
}
