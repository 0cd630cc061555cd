package mychat.client.state;

import java.util.List;

/** What a line typed into the input means. {@link #parse} never fails: mistakes become {@link Usage}. */
public sealed interface Command {

    /** Plain text to say in the current room. */
    record Say(String text) implements Command {}

    record Rooms() implements Command {}

    record Join(String room) implements Command {}

    /** Leaves the current room; the window stays, in no room. */
    record Leave() implements Command {}

    /** Leaves {@code room} (null: the current one) and closes its window, unless it is the last one. */
    record Part(String room) implements Command {}

    /** Writes the rooms now open to the config file, to join them at the next start. */
    record Save() implements Command {}

    /** Changes a setting for this session: {@code bell on|off}. */
    record Set(String name, boolean on) implements Command {}

    record Quit() implements Command {}

    record Nick(String nick) implements Command {}

    record Help() implements Command {}

    record Members() implements Command {}

    record Clear() implements Command {}

    /** A known command used wrongly, or an unknown one: {@code hint} says what to type instead. */
    record Usage(String hint) implements Command {}

    /** Command names with their argument, for help and completion. */
    List<String> NAMES = List.of("/rooms", "/join", "/part", "/leave", "/nick", "/members", "/clear", "/set", "/save",
            "/help", "/quit");

    /**
     * Parses one entered line. A line starting with {@code /} is a command; {@code //} escapes a literal slash
     * ({@code //shrug} says "/shrug").
     */
    static Command parse(String line) {
        if (!line.startsWith("/")) {
            return new Say(line);
        }
        if (line.startsWith("//")) {
            return new Say(line.substring(1));
        }
        String[] words = line.strip().split("\\s+");
        String name = words[0];
        int args = words.length - 1;
        return switch (name) {
            case "/rooms", "/list" -> args == 0 ? new Rooms() : new Usage("/rooms takes no arguments");
            case "/join", "/j" -> args == 1 ? new Join(words[1])
                    : new Usage("usage: /join <room>   (room names have no spaces)");
            case "/leave" -> args == 0 ? new Leave() : new Usage("/leave takes no arguments");
            case "/part" -> args <= 1 ? new Part(args == 1 ? words[1] : null) : new Usage("usage: /part [room]");
            case "/save" -> args == 0 ? new Save() : new Usage("/save takes no arguments");
            case "/set" -> args == 2 && words[1].equals("bell") && (words[2].equals("on") || words[2].equals("off"))
                    ? new Set("bell", words[2].equals("on")) : new Usage("usage: /set bell on|off");
            case "/quit", "/exit" -> new Quit();
            case "/nick" -> args == 1 ? new Nick(words[1])
                    : new Usage("usage: /nick <name>   (no spaces; takes effect on the next /join)");
            case "/help", "/?" -> new Help();
            case "/members", "/names" -> new Members();
            case "/clear" -> new Clear();
            default -> new Usage("unknown command " + name + " — try /help (to say a line starting with /, type //)");
        };
    }
}
