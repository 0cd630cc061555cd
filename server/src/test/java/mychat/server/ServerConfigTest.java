package mychat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServerConfigTest {

    @Test
    void defaultsApplyWhenNothingIsSet() throws Exception {
        ServerConfig config = ServerConfig.fromEnv(Map.of());
        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.port()).isEqualTo(9000);
        assertThat(config.logLevel()).isEqualTo("info");
        assertThat(config.delivery().roomBuffer()).isEqualTo(128);
        assertThat(config.delivery().pingInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.delivery().slowConsumerTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.transport()).isEqualTo(ServerConfig.Transport.AUTO);
    }

    @ParameterizedTest
    @CsvSource({"30, 30000", "500ms, 500", "30s, 30000", "2m, 120000", "1, 1000"})
    void pingIntervalAcceptsSecondsAndUnits(String value, long millis) throws Exception {
        assertThat(ServerConfig.fromEnv(Map.of("CHAT_PING_INTERVAL", value)).delivery().pingInterval())
                .isEqualTo(Duration.ofMillis(millis));
    }

    @Test
    void addressFormsAreParsed() throws Exception {
        assertThat(ServerConfig.fromEnv(Map.of("CHAT_ADDR", "127.0.0.1:0")).port()).isZero();
        ServerConfig v6 = ServerConfig.fromEnv(Map.of("CHAT_ADDR", "[::1]:9100"));
        assertThat(v6.host()).isEqualTo("::1");
        assertThat(v6.port()).isEqualTo(9100);
        assertThat(ServerConfig.fromEnv(Map.of("CHAT_ADDR", ":9200")).host()).isEqualTo("0.0.0.0");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "CHAT_ADDR|localhost",
            "CHAT_ADDR|1.2.3.4:99999",
            "CHAT_ADDR|host:port",
            "CHAT_LOG|loud",
            "CHAT_ROOM_BUFFER|0",
            "CHAT_ROOM_BUFFER|lots",
            "CHAT_PING_INTERVAL|-5",
            "CHAT_PING_INTERVAL|0",
            "CHAT_PING_INTERVAL|5h",
            "CHAT_SLOW_CONSUMER_TIMEOUT|soon",
            "CHAT_IO_THREADS|0",
            "CHAT_TRANSPORT|carrier-pigeon",
            "CHAT_STORE|postgres",
            "CHAT_HISTORY_MAX|0",
            "CHAT_HISTORY_SYNC|sometimes",
            "CHAT_TLS_CERT|/nonexistent/cert.pem",
            "CHAT_JWT_SECRET|too-short",
            "CHAT_JWT_PUBLIC_KEY|/nonexistent/key.pem",
            "CHAT_RATE_MSGS|-1",
            "CHAT_MAX_CONNECTIONS|many",
            "CHAT_ALLOWED_ORIGINS|chat.example.com",
            "CHAT_ADMIN_ADDR|nowhere",
            "CHAT_ADMIN_TOKEN|short",
            "CHAT_ADMIN_TOKEN|has spaces in the middle",
            "CHAT_LOG_FORMAT|xml",
            "CHAT_WEB|maybe"})
    void badValuesAreRefusedNamingTheVariable(String name, String value) {
        assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of(name, value)))
                .isInstanceOf(ServerConfig.InvalidConfigException.class)
                .hasMessageContaining(name)
                .hasMessageContaining(value);
    }

    @Test
    void tlsNeedsBothCertificateAndKey(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path cert = java.nio.file.Files.writeString(dir.resolve("cert.pem"), "x");
        assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("CHAT_TLS_CERT", cert.toString())))
                .hasMessageContaining("CHAT_TLS_CERT and CHAT_TLS_KEY go together");
    }

    @Test
    void securityFeaturesAreOffByDefault() throws Exception {
        ServerConfig config = ServerConfig.fromEnv(Map.of());
        assertThat(config.tls()).isNull();
        assertThat(config.jwt()).isNull();
        assertThat(config.abuse().allowedOrigins()).isEmpty();
        assertThat(config.abuse().maxConnections()).isZero();
        assertThat(config.abuse().messagesPerSecond()).isEqualTo(10);
        assertThat(config.abuse().messageBurst()).isEqualTo(20);
        assertThat(config.adminAddress().getHostString()).isEqualTo("127.0.0.1");
        assertThat(config.adminAddress().getPort()).isEqualTo(9001);
        assertThat(config.adminToken()).as("the moderation API is off").isNull();
    }

    @Test
    void historyOnJoinCannotExceedWhatIsKept() {
        assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("CHAT_HISTORY_ON_JOIN", "100",
                "CHAT_HISTORY_MAX", "50"))).hasMessageContaining("CHAT_HISTORY_ON_JOIN=100");
    }

    @Test
    void everyBadVariableIsReportedAtOnce() {
        assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("CHAT_LOG", "loud", "CHAT_ROOM_BUFFER", "-1")))
                .isInstanceOfSatisfying(ServerConfig.InvalidConfigException.class, e ->
                        assertThat(e.problems()).hasSize(2));
    }
}
