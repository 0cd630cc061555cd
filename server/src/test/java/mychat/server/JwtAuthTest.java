package mychat.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletionException;
import mychat.protocol.ClientRequest;
import mychat.protocol.ErrorCode;
import mychat.protocol.ServerEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Token authentication at the handshake and during a session. */
class JwtAuthTest {
    @RegisterExtension
    static final RunningServer running = new RunningServer(Map.of("CHAT_JWT_SECRET", Tokens.SECRET,
            "CHAT_JWT_LEEWAY", "5s", "CHAT_JWT_GRACE", "1s"));

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static TestClient connectWith(int port, String token) {
        return TestClient.connect(URI.create("ws://127.0.0.1:" + port + "/"), "chat.v1", HTTP,
                token == null ? Map.of() : Map.of("Authorization", "Bearer " + token));
    }

    /** The HTTP status the handshake was refused with. */
    private static int refusal(int port, String token) {
        try (TestClient unexpected = connectWith(port, token)) {
            throw new AssertionError("the handshake was accepted");
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            while (cause != null && !(cause instanceof WebSocketHandshakeException)) {
                cause = cause.getCause();
            }
            assertThat(cause).as("a refused handshake, not %s", e).isInstanceOf(WebSocketHandshakeException.class);
            return ((WebSocketHandshakeException) cause).getResponse().statusCode();
        }
    }

    private static Instant in(Duration d) {
        return Instant.now().plus(d);
    }

    @Test
    void everyBadTokenIsRefusedWith401BeforeTheUpgrade() throws Exception {
        int port = running.port();
        var valid = Tokens.claims("alice", in(Duration.ofHours(1))).build();
        assertThat(refusal(port, null)).as("missing").isEqualTo(401);
        assertThat(refusal(port, "not.a.jwt")).as("malformed").isEqualTo(401);
        assertThat(refusal(port, Tokens.hs256(Tokens.claims("alice", in(Duration.ofSeconds(-30))).build())))
                .as("expired").isEqualTo(401);
        assertThat(refusal(port, Tokens.hs256(Tokens.claims("alice", in(Duration.ofHours(1)))
                .notBeforeTime(java.util.Date.from(in(Duration.ofMinutes(1)))).build())))
                .as("not yet valid").isEqualTo(401);
        assertThat(refusal(port, Tokens.hs256(valid, "another-secret-that-is-also-32-bytes-long")))
                .as("wrongly signed").isEqualTo(401);
        assertThat(refusal(port, Tokens.none(valid))).as("alg none").isEqualTo(401);
        assertThat(refusal(port, Tokens.hs512(valid))).as("another algorithm").isEqualTo(401);
        assertThat(refusal(port, Tokens.rs256(valid, Tokens.rsaKeys()))).as("RS256 on an HS256 server")
                .isEqualTo(401);
    }

    @Test
    void tokenWithinTheClockSkewLeewayIsAccepted() throws Exception {
        String token = Tokens.hs256(Tokens.claims("skewed", in(Duration.ofSeconds(-2))).build());
        try (TestClient client = connectWith(running.port(), token)) {
            client.expectNothingMoreThenRoomList();
        }
    }

    @Test
    void refusedTokensAreLoggedWithoutTheToken() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger("mychat.server.net.Admission");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        ch.qos.logback.classic.Level before = logger.getLevel();
        logger.setLevel(ch.qos.logback.classic.Level.DEBUG);
        try {
            String token = Tokens.hs256(Tokens.claims("alice", in(Duration.ofSeconds(-60))).build());
            refusal(running.port(), token);
            assertThat(appender.list).isNotEmpty();
            assertThat(appender.list).noneMatch(e -> e.getFormattedMessage().contains(token)
                    || e.getFormattedMessage().contains(token.substring(token.lastIndexOf('.') + 1)));
            assertThat(appender.list).anyMatch(e -> e.getFormattedMessage().contains("expired"));
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(before);
        }
    }

    @Test
    void theNickComesFromTheTokenNotFromJoin() throws Exception {
        String token = Tokens.hs256(Tokens.claims("user-17", in(Duration.ofHours(1))).claim("nick", "Ada").build());
        try (TestClient client = connectWith(running.port(), token)) {
            client.send(new ClientRequest.Join("tok-nick", "impostor"));
            assertThat(client.expect(ServerEvent.Joined.class).members()).containsExactly("Ada");
            client.say("hi");
            assertThat(client.expect(ServerEvent.Message.class).from()).isEqualTo("Ada");
        }
    }

    @Test
    void withoutANickClaimTheSubjectIsTheNick() throws Exception {
        String token = Tokens.hs256(Tokens.claims("grace", in(Duration.ofHours(1))).build());
        try (TestClient client = connectWith(running.port(), token)) {
            client.send(new ClientRequest.Join("tok-sub", "ignored"));
            assertThat(client.expect(ServerEvent.Joined.class).members()).containsExactly("grace");
        }
    }

    @Test
    void theRoomsClaimLimitsWhichRoomsMayBeJoined() throws Exception {
        String token = Tokens.hs256(Tokens.claims("limited", in(Duration.ofHours(1)))
                .claim("rooms", Tokens.rooms("lobby", "team-*")).build());
        try (TestClient client = connectWith(running.port(), token)) {
            client.send(new ClientRequest.Join("random", "x"));
            client.expectError(ErrorCode.FORBIDDEN);
            client.send(new ClientRequest.Join("team-blue", "x"));
            client.expect(ServerEvent.Joined.class);
            client.send(new ClientRequest.Join("lobby", "x"));
            client.expect(ServerEvent.Joined.class);
            client.send(new ClientRequest.Join("lobby-2", "x"));
            client.expectError(ErrorCode.FORBIDDEN);
        }
    }

    @Test
    void browsersMayPassTheTokenAsAQueryParameter() throws Exception {
        String token = Tokens.hs256(Tokens.claims("browser", in(Duration.ofHours(1))).build());
        URI uri = URI.create("ws://127.0.0.1:" + running.port() + "/?token="
                + URLEncoder.encode(token, StandardCharsets.UTF_8));
        try (TestClient client = TestClient.connect(uri, null, HTTP, Map.of())) {
            client.expectNothingMoreThenRoomList();
        }
    }

    @Test
    void anExpiringTokenIsAnnouncedAndTheConnectionClosedWith1008AfterTheGrace() throws Exception {
        // Expires in 1 s; with 5 s leeway the server acts at 6 s, then closes after the 1 s grace.
        String token = Tokens.hs256(Tokens.claims("brief", in(Duration.ofSeconds(1))).build());
        try (TestClient client = connectWith(running.port(), token)) {
            client.expectNothingMoreThenRoomList();
            assertThat(client.expectError(ErrorCode.TOKEN_EXPIRED).reason()).contains("Auth");
            assertThat(client.awaitCloseCode()).isEqualTo(1008);
        }
    }

    @Test
    void authWithAFreshTokenForTheSameUserKeepsTheSessionGoing() throws Exception {
        String first = Tokens.hs256(Tokens.claims("renewer", in(Duration.ofSeconds(1))).build());
        try (TestClient client = connectWith(running.port(), first)) {
            client.expectError(ErrorCode.TOKEN_EXPIRED);
            // Valid, but expiring soon again: a second notice proves the first close was called off.
            client.send(new ClientRequest.Auth(Tokens.hs256(
                    Tokens.claims("renewer", in(Duration.ofSeconds(-3))).build())));
            assertThat(client.expectError(ErrorCode.TOKEN_EXPIRED).reason()).contains("Auth");
            assertThat(client.isClosed()).isFalse();
        }
    }

    @Test
    void authWithAnotherUsersTokenOrGarbageIsRefused() throws Exception {
        String token = Tokens.hs256(Tokens.claims("owner", in(Duration.ofHours(1))).build());
        try (TestClient client = connectWith(running.port(), token)) {
            client.send(new ClientRequest.Auth(Tokens.hs256(Tokens.claims("thief", in(Duration.ofHours(1))).build())));
            client.expectError(ErrorCode.INVALID_TOKEN);
            client.send(new ClientRequest.Auth("garbage"));
            client.expectError(ErrorCode.INVALID_TOKEN);
            client.expectNothingMoreThenRoomList();
        }
    }

    @Test
    void publicKeyTokensWorkForRs256AndEs256(@TempDir Path dir) throws Exception {
        KeyPair rsa = Tokens.rsaKeys();
        KeyPair ec = Tokens.ecKeys();
        var claims = Tokens.claims("keyed", in(Duration.ofHours(1))).build();
        try (ChatServer rsaServer = ChatServer.start(ServerConfig.forTests(Map.of("CHAT_JWT_PUBLIC_KEY",
                Tokens.publicKeyPem(rsa, dir.resolve("rsa.pem")).toString())));
             ChatServer ecServer = ChatServer.start(ServerConfig.forTests(Map.of("CHAT_JWT_PUBLIC_KEY",
                     Tokens.publicKeyPem(ec, dir.resolve("ec.pem")).toString())))) {
            try (TestClient a = connectWith(rsaServer.port(), Tokens.rs256(claims, rsa));
                 TestClient b = connectWith(ecServer.port(), Tokens.es256(claims, ec))) {
                a.expectNothingMoreThenRoomList();
                b.expectNothingMoreThenRoomList();
            }
            assertThat(refusal(rsaServer.port(), Tokens.rs256(claims, Tokens.rsaKeys()))).isEqualTo(401);
            assertThat(refusal(ecServer.port(), Tokens.hs256(claims))).isEqualTo(401);
        }
    }
}
