package mychat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The web client served over plain HTTP beside the WebSocket endpoint: files, caching, compression, headers. */
class WebPageTest {
    @RegisterExtension
    static final RunningServer running = new RunningServer();

    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterAll
    static void closeClient() {
        http.close();
    }

    private static HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + running.port() + path))
                .timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    @Test
    void plainGetOfTheRootIsTheChatPageWithAStrictPolicy() throws Exception {
        HttpResponse<byte[]> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(header(page, "content-type")).isEqualTo("text/html; charset=utf-8");
        assertThat(new String(page.body(), StandardCharsets.UTF_8)).contains("role=\"log\"", "<script type=\"module\"");
        String policy = header(page, "content-security-policy");
        assertThat(policy).contains("default-src 'none'", "script-src 'self'", "style-src 'self'",
                        "frame-ancestors 'none'")
                .contains("connect-src 'self' ws://127.0.0.1:" + running.port() + " wss://127.0.0.1:" + running.port())
                .doesNotContain("unsafe-inline", "unsafe-eval", "*", "ws: ", "http:");
        assertThat(header(page, "x-content-type-options")).isEqualTo("nosniff");
        assertThat(header(page, "referrer-policy")).isEqualTo("no-referrer");
        assertThat(header(page, "cache-control")).isEqualTo("no-cache");
        assertThat(header(page, "etag")).matches("\"[0-9a-f]{24}\"");
    }

    @Test
    void everyFileThePageNamesIsServedWithItsType() throws Exception {
        String index = new String(get("/").body(), StandardCharsets.UTF_8);
        Matcher refs = Pattern.compile("(?:href|src)=\"(/[^\"]+)\"").matcher(index);
        int count = 0;
        while (refs.find()) {
            String path = refs.group(1);
            HttpResponse<byte[]> file = get(path);
            assertThat(file.statusCode()).as(path).isEqualTo(200);
            String type = header(file, "content-type");
            if (path.endsWith(".js")) {
                assertThat(type).as(path).isEqualTo("text/javascript; charset=utf-8");
            } else if (path.endsWith(".css")) {
                assertThat(type).as(path).isEqualTo("text/css; charset=utf-8");
            }
            assertThat(header(file, "content-security-policy")).as(path).isNotNull();
            count++;
        }
        assertThat(count).as("files named by index.html").isGreaterThan(5);
    }

    @Test
    void browsersThatAcceptGzipGetTheCompressedFileUnderItsOwnValidator() throws Exception {
        HttpResponse<byte[]> plain = get("/app.js");
        HttpResponse<byte[]> zipped = get("/app.js", "Accept-Encoding", "gzip, deflate, br");
        assertThat(header(zipped, "content-encoding")).isEqualTo("gzip");
        assertThat(header(zipped, "vary")).isEqualToIgnoringCase("accept-encoding");
        assertThat(zipped.body().length).isLessThan(plain.body().length / 2);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped.body()))) {
            assertThat(in.readAllBytes()).isEqualTo(plain.body());
        }
        assertThat(header(zipped, "etag")).isNotEqualTo(header(plain, "etag"));
        assertThat(header(plain, "content-encoding")).isNull();
        assertThat(header(get("/app.js", "Accept-Encoding", "gzip;q=0"), "content-encoding")).isNull();
    }

    @Test
    void anUnchangedFileIsAnsweredNotModified() throws Exception {
        String etag = header(get("/style.css", "Accept-Encoding", "gzip"), "etag");
        HttpResponse<byte[]> again = get("/style.css", "Accept-Encoding", "gzip", "If-None-Match", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(header(again, "etag")).isEqualTo(etag);
        HttpResponse<byte[]> other = get("/style.css", "Accept-Encoding", "gzip", "If-None-Match", "\"stale\"");
        assertThat(other.statusCode()).isEqualTo(200);
    }

    @Test
    void aBrowserLoadsSeveralFilesOverOneConnection() throws IOException {
        try (RawWebSocket raw = RawWebSocket.tcp(running.port())) {
            for (String path : List.of("/", "/app.js", "/style.css")) {
                raw.writeRaw(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                String head = raw.readHttpHead();
                assertThat(head).as(path).startsWith("HTTP/1.1 200 OK");
                int length = Integer.parseInt(head.replaceAll("(?s).*content-length: (\\d+).*", "$1"));
                assertThat(raw.input().readNBytes(length)).hasSize(length);
            }
        }
    }

    @Test
    void otherMethodsUnknownFilesAndTheSocketPathKeepTheirAnswers() throws Exception {
        try (RawWebSocket raw = RawWebSocket.tcp(running.port())) {
            raw.writeRaw("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(raw.readToEnd()).startsWith("HTTP/1.1 405 Method Not Allowed\r\n").contains("allow: GET, HEAD");
        }
        assertThat(get("/../../etc/passwd").statusCode()).isEqualTo(404);
        assertThat(get("/nope.js").statusCode()).isEqualTo(404);
        assertThat(get("/ws").statusCode()).isEqualTo(426);
        try (RawWebSocket raw = RawWebSocket.tcp(running.port())) {
            raw.writeRaw("HEAD /app.js HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String response = raw.readToEnd();
            assertThat(response).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\n");
        }
    }

    @Test
    void withTheWebClientOffTheRootOnlyUpgrades() throws Exception {
        try (ChatServer server = ChatServer.start(ServerConfig.forTests(Map.of("CHAT_WEB", "off")));
             RawWebSocket root = RawWebSocket.tcp(server.port());
             RawWebSocket file = RawWebSocket.tcp(server.port())) {
            root.writeRaw("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(root.readToEnd()).startsWith("HTTP/1.1 426 Upgrade Required\r\n");
            file.writeRaw("GET /app.js HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(file.readToEnd()).startsWith("HTTP/1.1 404 Not Found\r\n");
            try (TestClient client = TestClient.connect(server.port())) {
                client.expectNothingMoreThenRoomList();
            }
        }
    }
}
