package mychat.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mychat.protocol.Rules;

/**
 * The client's settings: the config file's (see {@link ConfigFile}), overridden by the command line.
 *
 * @param server     the server's WebSocket URL
 * @param nick       the nick for joining
 * @param rooms      rooms to join right after connecting, one window each; empty for none
 * @param token      a bearer token for servers that require one ({@code --token}, else {@code CHAT_TOKEN}, else the
 *                   config file's {@code token-file}), or null
 * @param ca         a PEM file of extra CA certificates to trust for {@code wss://}, or null
 * @param bell       whether a mention in a room not in view rings the terminal bell
 * @param configFile where {@code /save} writes; null when there is no home directory to put it in
 */
public record ClientConfig(URI server, String nick, List<String> rooms, String token, Path ca, boolean bell,
                           ConfigFile configFile) {
    static final String DEFAULT_SERVER = "ws://127.0.0.1:9000";

    public ClientConfig {
        rooms = List.copyOf(rooms);
    }

    static final String USAGE = """
            usage: my-chat [ws://HOST:PORT | wss://HOST:PORT] [--nick NAME] [--room ROOM]... [--token JWT] [--ca FILE]

            Terminal client for a my-chat server.
              ws://HOST:PORT   server to connect to (default ws://127.0.0.1:9000; wss:// for TLS)
              --nick NAME      your nick (default: your login name; with a token, the token's)
              --room ROOM      join this room right after connecting; repeat for several rooms
              --token JWT      token for servers that require one (default: $CHAT_TOKEN)
              --ca FILE        also trust the CA certificates in this PEM file (private CA)
              --help           show this help
              --version        show the client's version

            Settings file (optional): $XDG_CONFIG_HOME/my-chat/config (default ~/.config/my-chat/config),
            lines of key = value: server, nick, token-file, rooms (space-separated), bell (on|off).
            Options given here override it; /save writes the rooms open to it.

            Inside the client, press ? on an empty line for every command and key.""";

    /** A problem with the command line or the settings file; the message says what and how to fix it. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    static ClientConfig parse(List<String> args, Map<String, String> env) throws UsageException {
        ConfigFile file = ConfigFile.locate(env);
        Map<String, String> settings = file == null ? Map.of() : file.read();
        String server = null;
        String nick = null;
        List<String> rooms = new ArrayList<>();
        String token = env.get("CHAT_TOKEN");
        boolean tokenGiven = false;
        Path ca = null;
        List<String> rest = new ArrayList<>(args);
        while (!rest.isEmpty()) {
            String arg = rest.removeFirst();
            switch (arg) {
                case "--nick", "-n" -> nick = value(arg, rest);
                case "--room", "-r" -> rooms.add(value(arg, rest));
                case "--token" -> {
                    token = value(arg, rest);
                    tokenGiven = true;
                }
                case "--ca" -> {
                    ca = Path.of(value(arg, rest));
                    if (!Files.isReadable(ca)) {
                        throw new UsageException("cannot read the CA file " + ca);
                    }
                }
                default -> {
                    if (arg.startsWith("-")) {
                        throw new UsageException("unknown option " + arg);
                    }
                    if (server != null) {
                        throw new UsageException("more than one server given: " + server + " and " + arg);
                    }
                    server = arg;
                }
            }
        }
        String where = file == null ? "" : " (in " + file.path() + ")";
        if (server == null) {
            server = settings.getOrDefault("server", DEFAULT_SERVER);
        }
        URI uri = serverUri(server);
        if (nick == null && settings.containsKey("nick")) {
            nick = settings.get("nick");
            if (Rules.checkNick(nick).isPresent()) {
                throw new UsageException("invalid nick \"" + nick + "\"" + where + ": "
                        + Rules.checkNick(nick).get().defaultReason());
            }
        }
        if (nick == null) {
            nick = defaultNick(env.getOrDefault("USER", System.getProperty("user.name", "")));
        } else if (Rules.checkNick(nick).isPresent()) {
            throw new UsageException("invalid nick \"" + nick + "\": " + Rules.checkNick(nick).get().defaultReason());
        }
        if (rooms.isEmpty() && settings.containsKey("rooms")) {
            for (String room : settings.get("rooms").split("[\\s,]+")) {
                if (!room.isEmpty() && !rooms.contains(room)) {
                    rooms.add(room);
                }
            }
        }
        for (String room : rooms) {
            if (Rules.checkRoom(room).isPresent()) {
                throw new UsageException("invalid room \"" + room + "\": " + Rules.checkRoom(room).get().defaultReason());
            }
        }
        if (!tokenGiven && (token == null || token.isBlank()) && settings.containsKey("token-file")) {
            token = readToken(expandHome(settings.get("token-file"), env), where);
        }
        if (token != null && token.isBlank()) {
            token = null;
        }
        boolean bell = true;
        if (settings.containsKey("bell")) {
            String value = settings.get("bell");
            if (!value.equals("on") && !value.equals("off")) {
                throw new UsageException("bell must be on or off, not \"" + value + "\"" + where);
            }
            bell = value.equals("on");
        }
        return new ClientConfig(uri, nick, rooms, token, ca, bell, file);
    }

    private static Path expandHome(String path, Map<String, String> env) {
        return path.startsWith("~/") && env.get("HOME") != null ? Path.of(env.get("HOME"), path.substring(2))
                : Path.of(path);
    }

    private static String readToken(Path file, String where) throws UsageException {
        try {
            return Files.readString(file).strip();
        } catch (java.io.IOException e) {
            throw new UsageException("cannot read the token file " + file + where + ": " + e.getMessage());
        }
    }

    private static String value(String option, List<String> rest) throws UsageException {
        if (rest.isEmpty()) {
            throw new UsageException(option + " needs a value");
        }
        return rest.removeFirst();
    }

    static URI serverUri(String text) throws UsageException {
        String withScheme = text.contains("://") ? text : "ws://" + text;
        try {
            URI uri = new URI(withScheme);
            if (!"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme())) {
                throw new UsageException("the server URL must start with ws:// or wss://, not " + text);
            }
            if (uri.getHost() == null) {
                throw new UsageException("no host in server URL " + text);
            }
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), path, uri.getQuery(), null);
        } catch (URISyntaxException e) {
            throw new UsageException("not a valid server URL: " + text);
        }
    }

    /** The login name made into a valid nick, or "guest". */
    static String defaultNick(String login) {
        String nick = login.replaceAll("[\\s\\p{Cntrl}]", "");
        if (nick.codePointCount(0, nick.length()) > 32) {
            nick = nick.substring(0, nick.offsetByCodePoints(0, 32));
        }
        return Rules.checkNick(nick).isEmpty() ? nick : "guest";
    }
}
