package mychat.server.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The web client's files: everything under {@code web/} on the class path (in the jar, or {@code target/classes}
 * in a build), read once when the server starts, each kept as it is and gzipped. {@code index.html} answers
 * {@code /}; every other file answers its own path. Immutable; safe from any thread.
 */
public final class WebAssets {
    private static final String ROOT = "web";

    /**
     * One file ready to send.
     *
     * @param etag strong validator of the uncompressed bytes (quoted); the gzipped form's validator adds "-gz"
     */
    public record Asset(String path, String contentType, byte[] plain, byte[] gzipped, String etag) {
        public String gzipEtag() {
            return etag.substring(0, etag.length() - 1) + "-gz\"";
        }
    }

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "json", "application/json",
            "webmanifest", "application/manifest+json",
            "png", "image/png",
            "ico", "image/x-icon");

    private final Map<String, Asset> byPath;

    private WebAssets(Map<String, Asset> byPath) {
        this.byPath = byPath;
    }

    /**
     * Reads every file under {@code web/} from the class path.
     *
     * @throws IllegalStateException when the files are missing (a jar built without them) or of an unknown kind
     */
    public static WebAssets load() {
        URL index = WebAssets.class.getClassLoader().getResource(ROOT + "/index.html");
        if (index == null) {
            throw new IllegalStateException("the web client's files (web/index.html) are not on the class path");
        }
        try {
            URI uri = index.toURI();
            if (uri.getScheme().equals("jar")) {
                try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                    return read(jar.getPath("/" + ROOT));
                } catch (FileSystemAlreadyExistsException e) { // opened by someone else: use it, leave it open
                    return read(FileSystems.getFileSystem(uri).getPath("/" + ROOT));
                }
            }
            return read(Path.of(uri).getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the web client's files", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static WebAssets read(Path root) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        Map<String, Asset> byPath = files.stream()
                .map(file -> asset(root, file))
                .collect(Collectors.toUnmodifiableMap(Asset::path, Function.identity()));
        return new WebAssets(byPath);
    }

    private static Asset asset(Path root, Path file) {
        String relative = root.relativize(file).toString().replace('\\', '/');
        String path = relative.equals("index.html") ? "/" : "/" + relative;
        String extension = relative.substring(relative.lastIndexOf('.') + 1);
        String type = TYPES.get(extension);
        if (type == null) {
            throw new IllegalStateException("web/" + relative + ": no content type known for ." + extension);
        }
        try {
            byte[] plain = Files.readAllBytes(file);
            return new Asset(path, type, plain, gzip(plain), "\"" + digest(plain) + "\"");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read web/" + relative, e);
        }
    }

    /** The asset answering this request path, or null. */
    public Asset find(String path) {
        return byPath.get(path);
    }

    private static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length / 2 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out) {
            { def.setLevel(Deflater.BEST_COMPRESSION); }
        }) {
            gz.write(plain);
        }
        return out.toByteArray();
    }

    private static String digest(byte[] bytes) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
