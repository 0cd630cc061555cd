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
 * Command-line options of the terminal client.
 *
 * @param server   the server's WebSocket URL
 * @param nick     the nick for the first join
 * @param room     a room to join right after connecting, or null
 * @param token    a bearer token for servers that require one ({@code --token}, else {@code CHAT_TOKEN}), or null
 * @param ca       a PEM file of extra CA certificates to trust for {@code wss://}, or null
 */
public record ClientConfig(URI server, String nick, String room, String token, Path ca) {
    static final String DEFAULT_SERVER = "ws://127.0.0.1:9000";

    static final String USAGE = """
            usage: my-chat [ws://HOST:PORT | wss://HOST:PORT] [--nick NAME] [--room ROOM] [--token JWT] [--ca FILE]

            Terminal client for a my-chat server.
              ws://HOST:PORT   server to connect to (default ws://127.0.0.1:9000; wss:// for TLS)
              --nick NAME      your nick (default: your login name; with a token, the token's)
              --room ROOM      join this room right after connecting
              --token JWT      token for servers that require one (default: $CHAT_TOKEN)
              --ca FILE        also trust the CA certificates in this PEM file (private CA)
              --help           show this help
              --version        show the client's version

            Inside the client, press ? on an empty line for every command and key.""";

    /** A problem with the command line; the message says what and how to fix it. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    static ClientConfig parse(List<String> args, Map<String, String> env) throws UsageException {
        String server = null;
        String nick = null;
        String room = null;
        String token = env.get("CHAT_TOKEN");
        Path ca = null;
        List<String> rest = new ArrayList<>(args);
        while (!rest.isEmpty()) {
            String arg = rest.removeFirst();
            switch (arg) {
                case "--nick", "-n" -> nick = value(arg, rest);
                case "--room", "-r" -> room = value(arg, rest);
                case "--token" -> token = value(arg, rest);
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
        URI uri = serverUri(server == null ? DEFAULT_SERVER : server);
        if (nick == null) {
            nick = defaultNick(env.getOrDefault("USER", System.getProperty("user.name", "")));
        } else if (Rules.checkNick(nick).isPresent()) {
            throw new UsageException("invalid nick \"" + nick + "\": " + Rules.checkNick(nick).get().defaultReason());
        }
        if (room != null && Rules.checkRoom(room).isPresent()) {
            throw new UsageException("invalid room \"" + room + "\": " + Rules.checkRoom(room).get().defaultReason());
        }
        if (token != null && token.isBlank()) {
            token = null;
        }
        return new ClientConfig(uri, nick, room, token, ca);
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
