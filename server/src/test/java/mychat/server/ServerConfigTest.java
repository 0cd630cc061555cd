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
        assertThat(config.roomBuffer()).isEqualTo(128);
        assertThat(config.pingInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.slowConsumerTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.transport()).isEqualTo(ServerConfig.Transport.AUTO);
    }

    @ParameterizedTest
    @CsvSource({"30, 30000", "500ms, 500", "30s, 30000", "2m, 120000", "1, 1000"})
    void pingIntervalAcceptsSecondsAndUnits(String value, long millis) throws Exception {
        assertThat(ServerConfig.fromEnv(Map.of("CHAT_PING_INTERVAL", value)).pingInterval())
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
            "CHAT_TRANSPORT|carrier-pigeon"})
    void badValuesAreRefusedNamingTheVariable(String name, String value) {
        assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of(name, value)))
                .isInstanceOf(ServerConfig.InvalidConfigException.class)
                .hasMessageContaining(name)
                .hasMessageContaining(value);
    }

    @Test
    void everyBadVariableIsReportedAtOnce() {
        assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("CHAT_LOG", "loud", "CHAT_ROOM_BUFFER", "-1")))
                .isInstanceOfSatisfying(ServerConfig.InvalidConfigException.class, e ->
                        assertThat(e.problems()).hasSize(2));
    }
}
