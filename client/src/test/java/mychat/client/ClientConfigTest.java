package mychat.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClientConfigTest {
    private static final Map<String, String> ENV = Map.of("USER", "alice");

    private static ClientConfig parse(String... args) throws ClientConfig.UsageException {
        return ClientConfig.parse(List.of(args), ENV);
    }

    @Test
    void withoutArgumentsTheLocalServerAndTheLoginNameAreUsed() throws Exception {
        ClientConfig config = parse();

        assertThat(config.server()).isEqualTo(URI.create("ws://127.0.0.1:9000/"));
        assertThat(config.nick()).isEqualTo("alice");
        assertThat(config.rooms()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "ws://chat.example.org:9000,      ws://chat.example.org:9000/",
            "wss://chat.example.org,          wss://chat.example.org/",
            "ws://chat.example.org/chat?x=1,  ws://chat.example.org/chat?x=1",
            "chat.example.org:9000,           ws://chat.example.org:9000/",
            "localhost:9000,                  ws://localhost:9000/",
            "'[::1]:9000',                    'ws://[::1]:9000/'",
            "ws://127.0.0.1:9000#frag,        ws://127.0.0.1:9000/"})
    void theServerUrlIsNormalisedAndABareHostGetsWs(String given, String expected) throws Exception {
        assertThat(parse(given).server()).isEqualTo(URI.create(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://chat.example.org", "https://chat.example.org:443", "ftp://x"})
    void aServerUrlThatIsNotWebSocketIsAUsageError(String url) {
        assertThatThrownBy(() -> parse(url))
                .isInstanceOf(ClientConfig.UsageException.class)
                .hasMessageContaining("ws:// or wss://")
                .hasMessageContaining(url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ws://", "ws:///path", "ws://host name", "ws://host:port"})
    void aMalformedServerUrlIsAUsageError(String url) {
        assertThatThrownBy(() -> parse(url)).isInstanceOf(ClientConfig.UsageException.class).hasMessageContaining(url);
    }

    @Test
    void tokenComesFromTheOptionOrElseFromChatToken() throws Exception {
        assertThat(ClientConfig.parse(java.util.List.of("--token", "abc"), java.util.Map.of("CHAT_TOKEN", "env"))
                .token()).isEqualTo("abc");
        assertThat(ClientConfig.parse(java.util.List.of(), java.util.Map.of("CHAT_TOKEN", "env")).token())
                .isEqualTo("env");
        assertThat(ClientConfig.parse(java.util.List.of(), java.util.Map.of()).token()).isNull();
    }

    @Test
    void caFileMustBeReadable() {
        assertThatThrownBy(() -> parse("--ca", "/nonexistent/ca.pem"))
                .isInstanceOf(ClientConfig.UsageException.class).hasMessageContaining("/nonexistent/ca.pem");
    }

    @Test
    void wssUrlsAreAccepted() throws Exception {
        assertThat(parse("wss://chat.example.com:8443").server()).isEqualTo(URI.create("wss://chat.example.com:8443/"));
    }

    @Test
    void nickAndRoomOptionsInLongAndShortForm() throws Exception {
        assertThat(parse("--nick", "bob", "--room", "lobby"))
                .isEqualTo(new ClientConfig(URI.create("ws://127.0.0.1:9000/"), "bob", List.of("lobby"), null, null,
                        true, null));
        assertThat(parse("-r", "books", "ws://h:1", "-n", "Zoë"))
                .isEqualTo(new ClientConfig(URI.create("ws://h:1/"), "Zoë", List.of("books"), null, null, true, null));
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        assertThatThrownBy(() -> parse("--verbose"))
                .isInstanceOf(ClientConfig.UsageException.class)
                .hasMessage("unknown option --verbose");
    }

    @Test
    void anOptionWithoutItsValueIsAUsageError() {
        assertThatThrownBy(() -> parse("--nick"))
                .isInstanceOf(ClientConfig.UsageException.class)
                .hasMessage("--nick needs a value");
        assertThatThrownBy(() -> parse("ws://h:1", "-r"))
                .isInstanceOf(ClientConfig.UsageException.class)
                .hasMessage("-r needs a value");
    }

    @Test
    void twoServersAreAUsageError() {
        assertThatThrownBy(() -> parse("ws://a:1", "ws://b:2"))
                .isInstanceOf(ClientConfig.UsageException.class)
                .hasMessageContaining("more than one server", "ws://a:1", "ws://b:2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "two words", "tab\there", "0123456789012345678901234567890123"})
    void anInvalidNickIsAUsageError(String nick) {
        assertThatThrownBy(() -> parse("--nick", nick))
                .isInstanceOf(ClientConfig.UsageException.class)
                .hasMessageStartingWith("invalid nick \"" + nick + "\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "two words", "rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr"})
    void anInvalidRoomIsAUsageError(String room) {
        assertThatThrownBy(() -> parse("--room", room))
                .isInstanceOf(ClientConfig.UsageException.class)
                .hasMessageStartingWith("invalid room \"" + room + "\"");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "alice                               | alice",
            "Zoë                                 | Zoë",
            "'john smith'                        | johnsmith",
            "'  pad  '                           | pad",
            "012345678901234567890123456789012345 | 01234567890123456789012345678901",
            "''                                  | guest",
            "'   '                               | guest"})
    void theDefaultNickIsTheLoginNameMadeValidOrGuest(String login, String nick) throws Exception {
        assertThat(ClientConfig.parse(List.of(), Map.of("USER", login)).nick()).isEqualTo(nick);
    }

    @Test
    void aLoginNameWithControlCharactersLosesThem() {
        assertThat(ClientConfig.defaultNick("ali\u0007ce\n")).isEqualTo("alice");
    }

    @Test
    void aLoginNameThatCannotBeMadeValidGivesGuest() {
        assertThat(ClientConfig.defaultNick("\u200B\u200E")).isEqualTo("guest"); // invisible format characters
    }

    @Test
    void anExplicitNickWinsOverTheLoginName() throws Exception {
        assertThat(ClientConfig.parse(List.of("--nick", "bob"), Map.of("USER", "root")).nick()).isEqualTo("bob");
    }

    @Test
    void theUsageTextNamesEveryOption() {
        assertThat(ClientConfig.USAGE).contains("ws://HOST:PORT", "--nick NAME", "--room ROOM", "--help");
    }
}
