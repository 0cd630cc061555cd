package mychat.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Pins the exact JSON of every variant and the decoder's strictness. */
class CodecTest {

    static Stream<Arguments> requests() {
        return Stream.of(
                Arguments.of(new ClientRequest.ListRooms(), "{\"type\":\"ListRooms\"}"),
                Arguments.of(new ClientRequest.Join("lobby", "alice"),
                        "{\"type\":\"Join\",\"room\":\"lobby\",\"nick\":\"alice\"}"),
                Arguments.of(new ClientRequest.SendMsg("hi \"there\" 👋\n"),
                        "{\"type\":\"SendMsg\",\"text\":\"hi \\\"there\\\" 👋\\n\"}"),
                Arguments.of(new ClientRequest.Leave(), "{\"type\":\"Leave\"}"),
                Arguments.of(new ClientRequest.Typing(), "{\"type\":\"Typing\"}"),
                Arguments.of(new ClientRequest.Join("lobby", "alice", 41L),
                        "{\"type\":\"Join\",\"room\":\"lobby\",\"nick\":\"alice\",\"since\":41}"),
                Arguments.of(new ClientRequest.SendMsg("hi", "c-1"),
                        "{\"type\":\"SendMsg\",\"text\":\"hi\",\"cid\":\"c-1\"}"),
                Arguments.of(ClientRequest.History.before(100, 20),
                        "{\"type\":\"History\",\"before\":100,\"limit\":20}"),
                Arguments.of(ClientRequest.History.after(7, 200),
                        "{\"type\":\"History\",\"after\":7,\"limit\":200}"),
                Arguments.of(ClientRequest.History.newest(50), "{\"type\":\"History\",\"limit\":50}"),
                Arguments.of(new ClientRequest.Auth("eyJ.x.y"), "{\"type\":\"Auth\",\"token\":\"eyJ.x.y\"}"));
    }

    static Stream<Arguments> events() {
        return Stream.of(
                Arguments.of(new ServerEvent.RoomList(List.of("a", "b")),
                        "{\"type\":\"RoomList\",\"rooms\":[\"a\",\"b\"]}"),
                Arguments.of(new ServerEvent.RoomList(List.of()), "{\"type\":\"RoomList\",\"rooms\":[]}"),
                Arguments.of(new ServerEvent.Joined("lobby", List.of("alice", "bob")),
                        "{\"type\":\"Joined\",\"room\":\"lobby\",\"members\":[\"alice\",\"bob\"]}"),
                Arguments.of(new ServerEvent.UserJoined("bob"), "{\"type\":\"UserJoined\",\"nick\":\"bob\"}"),
                Arguments.of(new ServerEvent.UserLeft("bob"), "{\"type\":\"UserLeft\",\"nick\":\"bob\"}"),
                Arguments.of(new ServerEvent.Typing("bob"), "{\"type\":\"Typing\",\"nick\":\"bob\"}"),
                Arguments.of(new ServerEvent.Message("lobby", 12, "alice", "héllo 😀", 1700000000123L, false, null),
                        "{\"type\":\"Message\",\"room\":\"lobby\",\"id\":12,\"from\":\"alice\","
                                + "\"text\":\"héllo 😀\",\"ts\":1700000000123}"),
                Arguments.of(new ServerEvent.Message("lobby", 13, "bob", "again", 1700000000124L, true, "c-9"),
                        "{\"type\":\"Message\",\"room\":\"lobby\",\"id\":13,\"from\":\"bob\","
                                + "\"text\":\"again\",\"ts\":1700000000124,\"cid\":\"c-9\",\"history\":true}"),
                Arguments.of(new ServerEvent.Joined("lobby", List.of("alice"), true),
                        "{\"type\":\"Joined\",\"room\":\"lobby\",\"members\":[\"alice\"],\"recovered\":true}"),
                Arguments.of(new ServerEvent.HistoryPage("lobby", List.of(
                                new ServerEvent.Message("lobby", 1, "a", "x", 5, true, null)), true),
                        "{\"type\":\"HistoryPage\",\"room\":\"lobby\",\"messages\":[{\"type\":\"Message\","
                                + "\"room\":\"lobby\",\"id\":1,\"from\":\"a\",\"text\":\"x\",\"ts\":5,"
                                + "\"history\":true}],\"more\":true}"),
                Arguments.of(ServerEvent.Error.of(ErrorCode.NOT_IN_ROOM, "join a room first"),
                        "{\"type\":\"Error\",\"code\":\"not_in_room\",\"reason\":\"join a room first\"}"),
                Arguments.of(ServerEvent.Error.lagged(3, 10, 12),
                        "{\"type\":\"Error\",\"code\":\"lagged\",\"reason\":\"you fell behind; 3 messages were "
                                + "dropped (ids 10 to 12)\",\"dropped\":3,\"from\":10,\"to\":12}"),
                Arguments.of(ServerEvent.Error.rateLimited("messages", 250),
                        "{\"type\":\"Error\",\"code\":\"rate_limited\",\"reason\":\"too many messages; try again "
                                + "in 250 ms\",\"retry_after_ms\":250}"),
                Arguments.of(new ServerEvent.Notice("lobby", "maintenance at 22:00", 1795639759306L),
                        "{\"type\":\"Notice\",\"room\":\"lobby\",\"text\":\"maintenance at 22:00\","
                                + "\"ts\":1795639759306}"),
                Arguments.of(new ServerEvent.MessageDeleted("lobby", 1042),
                        "{\"type\":\"MessageDeleted\",\"room\":\"lobby\",\"id\":1042}"),
                Arguments.of(ServerEvent.Error.of(ErrorCode.KICKED, "spamming"),
                        "{\"type\":\"Error\",\"code\":\"kicked\",\"reason\":\"spamming\"}"),
                Arguments.of(ServerEvent.Error.of(ErrorCode.ROOM_CLOSED, "closed for the night"),
                        "{\"type\":\"Error\",\"code\":\"room_closed\",\"reason\":\"closed for the night\"}"));
    }

    @ParameterizedTest
    @MethodSource("requests")
    void requestEncodesToPinnedJsonAndDecodesBack(ClientRequest request, String json) {
        assertThat(Codec.encodeToString(request)).isEqualTo(json);
        assertThat(Codec.decodeRequest(json)).isEqualTo(new Decoded.Ok<>(request));
    }

    @ParameterizedTest
    @MethodSource("events")
    void eventEncodesToPinnedJsonAndDecodesBack(ServerEvent event, String json) {
        assertThat(Codec.encodeToString(event)).isEqualTo(json);
        assertThat(Codec.decodeEvent(json)).isEqualTo(new Decoded.Ok<>(event));
    }

    @Test
    void everyErrorCodeRoundTrips() {
        for (ErrorCode code : ErrorCode.values()) {
            ServerEvent event = ServerEvent.Error.of(code);
            assertThat(Codec.decodeEvent(Codec.encodeToString(event))).isEqualTo(new Decoded.Ok<>(event));
        }
    }

    @Test
    void fieldOrderDoesNotMatterAndUnknownFieldsAreIgnored() {
        assertThat(Codec.decodeRequest("{\"nick\":\"n\",\"x\":[1,{\"y\":null}],\"room\":\"r\",\"type\":\"Join\"}"))
                .isEqualTo(new Decoded.Ok<>(new ClientRequest.Join("r", "n")));
        assertThat(Codec.decodeRequest("{\"type\":\"Leave\",\"room\":12}"))
                .isEqualTo(new Decoded.Ok<>(new ClientRequest.Leave()));
        assertThat(Codec.decodeEvent("{\"type\":\"UserLeft\",\"nick\":\"n\",\"since\":5}"))
                .isEqualTo(new Decoded.Ok<>(new ServerEvent.UserLeft("n")));
    }

    @Test
    void escapedUnicodeIsDecodedAndTextIsNotNormalised() {
        assertThat(Codec.decodeRequest("{\"type\":\"SendMsg\",\"text\":\"e\\u0301 \\ud83d\\ude00\"}"))
                .isEqualTo(new Decoded.Ok<>(new ClientRequest.SendMsg("e\u0301 😀")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", " ", "{", "}", "[]", "[{\"type\":\"Leave\"}]", "\"Leave\"", "1", "true", "null",
            "{\"type\":\"Leave\"} ,", "{\"type\":\"Leave\"}{}", "{\"type\":\"Leave\"}\"",
            "{}", "{\"type\":\"leave\"}", "{\"type\":\"LEAVE\"}", "{\"type\":\"Unknown\"}", "{\"type\":null}",
            "{\"type\":1}", "{\"type\":[\"Leave\"]}", "{\"Type\":\"Leave\"}",
            "{\"type\":\"Join\",\"room\":\"r\"}", "{\"type\":\"Join\",\"nick\":\"n\"}",
            "{\"type\":\"Join\",\"room\":null,\"nick\":\"n\"}", "{\"type\":\"Join\",\"room\":\"r\",\"nick\":1}",
            "{\"type\":\"Join\",\"room\":{},\"nick\":\"n\"}", "{\"type\":\"SendMsg\"}",
            "{\"type\":\"SendMsg\",\"text\":null}", "{\"type\":\"SendMsg\",\"text\":1.5}",
            "{\"type\":\"SendMsg\",\"text\":\"\\udc00\"}", "{\"type\":\"SendMsg\",\"text\":\"a\\ud800b\"}",
            "{\"type\":\"Leave\",\"type\":\"Leave\"}", "{'type':'Leave'}", "{type:\"Leave\"}",
            "{\"type\":\"Leave\",}", "{\"type\":\"Leave\" \"x\":1}",
            "{\"type\":\"Join\",\"room\":\"r\",\"nick\":\"n\",\"since\":-1}",
            "{\"type\":\"Join\",\"room\":\"r\",\"nick\":\"n\",\"since\":\"5\"}",
            "{\"type\":\"Join\",\"room\":\"r\",\"nick\":\"n\",\"since\":1.5}",
            "{\"type\":\"SendMsg\",\"text\":\"t\",\"cid\":\"\"}",
            "{\"type\":\"SendMsg\",\"text\":\"t\",\"cid\":7}",
            "{\"type\":\"History\",\"before\":5,\"after\":1}",
            "{\"type\":\"History\",\"limit\":0}", "{\"type\":\"History\",\"limit\":201}",
            "{\"type\":\"History\",\"before\":\"x\"}"})
    void malformedRequestsAreRefusedWithAReason(String json) {
        Decoded<ClientRequest> decoded = Codec.decodeRequest(json);
        assertThat(decoded).isInstanceOf(Decoded.Malformed.class);
        assertThat(((Decoded.Malformed<ClientRequest>) decoded).reason()).isNotBlank();
    }

    @Test
    void cidOf64CharactersIsAcceptedAnd65Refused() {
        String cid64 = "c".repeat(64);
        assertThat(Codec.decodeRequest("{\"type\":\"SendMsg\",\"text\":\"t\",\"cid\":\"" + cid64 + "\"}"))
                .isEqualTo(new Decoded.Ok<>(new ClientRequest.SendMsg("t", cid64)));
        assertThat(Codec.decodeRequest("{\"type\":\"SendMsg\",\"text\":\"t\",\"cid\":\"" + cid64 + "c\"}"))
                .isInstanceOf(Decoded.Malformed.class);
    }

    @Test
    void historyLimitDefaultsTo50AndNullOptionalsMeanAbsent() {
        assertThat(Codec.decodeRequest("{\"type\":\"History\"}"))
                .isEqualTo(new Decoded.Ok<>(ClientRequest.History.newest(50)));
        assertThat(Codec.decodeRequest("{\"type\":\"History\",\"before\":null,\"after\":9}"))
                .isEqualTo(new Decoded.Ok<>(ClientRequest.History.after(9, 50)));
        assertThat(Codec.decodeRequest("{\"type\":\"Join\",\"room\":\"r\",\"nick\":\"n\",\"since\":null}"))
                .isEqualTo(new Decoded.Ok<>(new ClientRequest.Join("r", "n")));
    }

    @Test
    void deeplyNestedUnknownFieldIsRefusedNotAStackOverflow() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        assertThat(Codec.decodeRequest("{\"type\":\"Leave\",\"x\":" + deep + "}"))
                .isInstanceOf(Decoded.Malformed.class);
    }

    @Test
    void invalidUtf8IsRefused() {
        byte[] bytes = {'{', '"', 't', 'y', 'p', 'e', '"', ':', '"', (byte) 0xFF, '"', '}'};
        assertThat(Codec.decodeRequest(bytes)).isInstanceOf(Decoded.Malformed.class);
    }

    @Test
    void decodesFromAnOffsetIntoALargerArray() {
        byte[] framed = "xx{\"type\":\"ListRooms\"}yy".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(Codec.decodeRequest(framed, 2, framed.length - 4))
                .isEqualTo(new Decoded.Ok<>(new ClientRequest.ListRooms()));
    }

    @Test
    void unknownEventTypeOrErrorCodeIsMalformedForTheClient() {
        assertThat(Codec.decodeEvent("{\"type\":\"Reaction\",\"nick\":\"a\"}")).isInstanceOf(Decoded.Malformed.class);
        assertThat(Codec.decodeEvent("{\"type\":\"Error\",\"code\":\"new_code\",\"reason\":\"r\"}"))
                .isInstanceOf(Decoded.Malformed.class);
    }
}
