package mychat.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The version this server was built as: Maven writes the project's version into {@code version.txt}. */
public final class BuildVersion {
    private BuildVersion() {}

    /** The build's version, such as {@code 0.1.0}, or {@code unknown} when the resource is missing. */
    public static String get() {
        try (InputStream in = BuildVersion.class.getResourceAsStream("version.txt")) {
            return in == null ? "unknown" : new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
