package mychat.server.web;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.regex.Pattern;

/**
 * Answers a {@code GET} or {@code HEAD} for one of the web client's files: 304 when the browser's copy is current,
 * the gzipped bytes when the browser accepts them, and the headers that keep the page safe.
 *
 * <p>The page's policy allows nothing but its own origin: scripts, styles and images from the server itself, no
 * inline script or style, no plugins, no framing, no form posts elsewhere. WebSockets need {@code connect-src}:
 * CSP Level 3 lets {@code 'self'} cover {@code ws:} and {@code wss:} to the page's own host and port, and browsers
 * that predate that rule get the page's own host named explicitly for both schemes ({@code ws:} alone would allow
 * every host, a way to send the chat anywhere). Every file is revalidated on each use ({@code no-cache} with a
 * strong ETag): the module files have fixed names, so a longer lifetime would mix versions after an upgrade.
 */
public final class AssetResponses {
    /** A Host header we are willing to repeat in a header: a DNS name or IP literal and an optional port. */
    private static final Pattern PLAIN_HOST =
            Pattern.compile("[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]{2,45}](:[0-9]{1,5})?");

    private final WebAssets assets;

    public AssetResponses(WebAssets assets) {
        this.assets = assets;
    }

    /** Whether a file answers this path. */
    public boolean serves(String path) {
        return assets.find(path) != null;
    }

    /** The answer to a {@code GET} or {@code HEAD} for a path that {@link #serves}. */
    public FullHttpResponse answer(FullHttpRequest request, String path) {
        WebAssets.Asset asset = assets.find(path);
        boolean gzip = acceptsGzip(request.headers());
        String etag = gzip ? asset.gzipEtag() : asset.etag();
        FullHttpResponse response;
        if (matches(request.headers().get(HttpHeaderNames.IF_NONE_MATCH), etag)) {
            response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_MODIFIED);
        } else {
            byte[] body = gzip ? asset.gzipped() : asset.plain();
            boolean head = request.method().equals(HttpMethod.HEAD);
            response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, asset.contentType())
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
            if (gzip) {
                response.headers().set(HttpHeaderNames.CONTENT_ENCODING, HttpHeaderValues.GZIP);
            }
        }
        response.headers()
                .set(HttpHeaderNames.ETAG, etag)
                .set(HttpHeaderNames.VARY, HttpHeaderNames.ACCEPT_ENCODING)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
        addSecurityHeaders(response.headers(), request.headers().get(HttpHeaderNames.HOST));
        return response;
    }

    static void addSecurityHeaders(HttpHeaders headers, String host) {
        headers.set(HttpHeaderNames.CONTENT_SECURITY_POLICY, policy(host))
                .set("X-Content-Type-Options", "nosniff")
                .set("Referrer-Policy", "no-referrer")
                .set(HttpHeaderNames.X_FRAME_OPTIONS, "DENY")
                .set("Cross-Origin-Opener-Policy", "same-origin");
    }

    static String policy(String host) {
        String sockets = host != null && PLAIN_HOST.matcher(host).matches()
                ? " ws://" + host + " wss://" + host
                : "";
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; manifest-src 'self'; "
                + "connect-src 'self'" + sockets + "; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }

    private static boolean acceptsGzip(HttpHeaders headers) {
        String accept = headers.get(HttpHeaderNames.ACCEPT_ENCODING);
        if (accept == null) {
            return false;
        }
        for (String part : accept.split(",")) {
            String[] coding = part.strip().split(";");
            if (coding[0].strip().equalsIgnoreCase("gzip")) {
                return coding.length < 2 || !coding[1].replace(" ", "").matches("q=0(\\.0*)?");
            }
        }
        return false;
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.strip();
            if (c.equals("*") || c.equals(etag) || c.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }
}
