package mychat.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The optional settings file, {@code $XDG_CONFIG_HOME/my-chat/config} (else {@code ~/.config/my-chat/config}):
 * lines of {@code key = value}, {@code #} comments (also after a value, following a space) and blank lines. Keys: {@code server}, {@code nick},
 * {@code token-file}, {@code rooms} (separated by spaces or commas), {@code bell} ({@code on} or {@code off}).
 * {@link #saveRooms} rewrites the {@code rooms} line and keeps every other line as it was.
 */
final class ConfigFile {
    static final List<String> KEYS = List.of("server", "nick", "token-file", "rooms", "bell");

    private final Path path;

    ConfigFile(Path path) {
        this.path = path;
    }

    /** Where the file is for this environment; null when neither XDG_CONFIG_HOME nor HOME is set. */
    static ConfigFile locate(Map<String, String> env) {
        String xdg = env.get("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return new ConfigFile(Path.of(xdg, "my-chat", "config"));
        }
        String home = env.get("HOME");
        return home == null || home.isBlank() ? null : new ConfigFile(Path.of(home, ".config", "my-chat", "config"));
    }

    Path path() {
        return path;
    }

    /**
     * The settings in the file (none when it does not exist), keyed as written.
     *
     * @throws ClientConfig.UsageException naming the file and line of every problem at once
     */
    Map<String, String> read() throws ClientConfig.UsageException {
        if (!Files.exists(path)) {
            return Map.of();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ClientConfig.UsageException("cannot read " + path + ": " + e.getMessage());
        }
        Map<String, String> values = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            String key = eq < 0 ? line : line.substring(0, eq).strip();
            if (eq < 0) {
                problems.add(path + " line " + (i + 1) + ": expected key = value, found \"" + line + "\"");
            } else if (!KEYS.contains(key)) {
                problems.add(path + " line " + (i + 1) + ": unknown setting \"" + key + "\" (known: "
                        + String.join(", ", KEYS) + ")");
            } else {
                values.put(key, line.substring(eq + 1).replaceFirst("\\s+#.*$", "").strip()); // "value  # note"
            }
        }
        if (!problems.isEmpty()) {
            throw new ClientConfig.UsageException(String.join("\n", problems));
        }
        return values;
    }

    /** Writes {@code rooms = …}, replacing the rooms line or adding one; the file is replaced atomically. */
    void saveRooms(List<String> rooms) throws IOException {
        List<String> lines = Files.exists(path) ? new ArrayList<>(Files.readAllLines(path, StandardCharsets.UTF_8))
                : new ArrayList<>(List.of("# my-chat settings: server, nick, token-file, rooms, bell (on|off)"));
        String roomsLine = "rooms = " + String.join(" ", rooms);
        boolean replaced = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("rooms") && line.substring(5).strip().startsWith("=")) {
                lines.set(i, roomsLine);
                replaced = true;
            }
        }
        if (!replaced) {
            lines.add(roomsLine);
        }
        Files.createDirectories(path.getParent());
        Path temp = path.resolveSibling(path.getFileName() + ".tmp");
        Files.write(temp, lines, StandardCharsets.UTF_8);
        Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
