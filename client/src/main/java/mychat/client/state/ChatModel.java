package mychat.client.state;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import mychat.protocol.ClientRequest;
import mychat.protocol.ErrorCode;
import mychat.protocol.Limits;
import mychat.protocol.Rules;
import mychat.protocol.ServerEvent;

/**
 * Everything the client knows and shows: connection, room, members, scroll-back, input line, overlays. Takes one
 * {@link Input} at a time and answers with the {@link Effect}s to carry out. No I/O, no threads, no terminal.
 */
public final class ChatModel {

    public enum Connection { CONNECTING, CONNECTED, RECONNECTING, QUITTING }

    private final String server;
    private final LongSupplier clock;
    private final Scrollback scrollback;
    private final LineEditor editor = new LineEditor();
    private final InputHistory history = new InputHistory();
    private final Completer completer = new Completer();
    private final TreeSet<String> members = new TreeSet<>(Rules.CODE_POINT_ORDER);

    private Connection connection = Connection.CONNECTING;
    private boolean everConnected;
    private int failedAttempts;
    private Duration retryDelay = Duration.ZERO;

    /** The nick for the next join. */
    private String nick;
    /** The room we are in and the nick we have there; null when in no room. */
    private String room;
    private String roomNick;
    /** A join sent and not yet answered: room and nick. */
    private String joiningRoom;
    private String joiningNick;
    /** The room to join again after a reconnect. */
    private String rejoinRoom;

    private Viewport viewport = new Viewport(24, 80, true);
    private boolean membersShown = true;
    private boolean helpVisible;
    /** Rows scrolled up from the bottom of the message area; 0 follows new messages. */
    private int scrollOffset;
    /** Messages that arrived while scrolled up. */
    private int unseen;

    /**
     * @param autoJoin a room to join as soon as the first connection is up, or null
     */
    public ChatModel(String server, String nick, String autoJoin, ZoneId zone, LongSupplier clock) {
        this.server = server;
        this.nick = nick;
        this.rejoinRoom = autoJoin;
        this.clock = clock;
        this.scrollback = new Scrollback(zone);
    }

    // ---- what the UI reads ------------------------------------------------------------------------------------

    public String server() {
        return server;
    }

    public Connection connection() {
        return connection;
    }

    public Duration retryDelay() {
        return retryDelay;
    }

    public String nick() {
        return room != null ? roomNick : nick;
    }

    public Optional<String> room() {
        return Optional.ofNullable(room);
    }

    public List<String> members() {
        return List.copyOf(members);
    }

    public Scrollback scrollback() {
        return scrollback;
    }

    public LineEditor editor() {
        return editor;
    }

    public Viewport viewport() {
        return viewport;
    }

    public boolean helpVisible() {
        return helpVisible;
    }

    public int scrollOffset() {
        return scrollOffset;
    }

    public int unseen() {
        return unseen;
    }

    /** UTF-8 length of the input line, to warn before the server would refuse it. */
    public int inputBytes() {
        return Rules.utf8Length(editor.text());
    }

    // ---- inputs -----------------------------------------------------------------------------------------------

    public List<Effect> handle(Input input) {
        List<Effect> effects = new ArrayList<>(2);
        switch (input) {
            case Input.Key key -> onKey(key, effects);
            case Input.Resized r -> {
                viewport = new Viewport(r.rows(), r.cols(), membersShown);
                clampScroll();
            }
            case Input.Connected c -> onConnected(effects);
            case Input.Disconnected d -> onDisconnected(d.reason(), effects);
            case Input.ReconnectDue r -> {
                if (connection == Connection.RECONNECTING) {
                    connection = Connection.CONNECTING;
                    effects.add(new Effect.Connect());
                }
            }
            case Input.Received r -> onEvent(r.event());
            case Input.QuitRequested q -> quit(effects);
        }
        return effects;
    }

    private void onKey(Input.Key key, List<Effect> effects) {
        if (key.kind() != KeyKind.TAB) {
            completer.reset();
        }
        if (helpVisible) {
            boolean closes = switch (key.kind()) {
                case ESC, ENTER -> true;
                case CHAR -> key.text().equals("q") || key.text().equals("?");
                default -> false;
            };
            if (closes) {
                helpVisible = false;
            }
            return;
        }
        switch (key.kind()) {
            case CHAR -> {
                if (key.text().equals("?") && editor.isEmpty()) {
                    helpVisible = true;
                } else {
                    editor.insert(key.text().replace("\r\n", " ").replace('\n', ' ').replace('\r', ' '));
                }
            }
            case ENTER -> submit(effects);
            case TAB -> completer.complete(editor, members);
            case BACKSPACE -> editor.backspace();
            case DELETE -> editor.delete();
            case LEFT -> editor.left();
            case RIGHT -> editor.right();
            case HOME -> {
                if (editor.isEmpty()) {
                    scrollTo(Integer.MAX_VALUE);
                } else {
                    editor.home();
                }
            }
            case END -> {
                if (editor.isEmpty()) {
                    scrollTo(0);
                } else {
                    editor.end();
                }
            }
            case CTRL_A -> editor.home();
            case CTRL_E -> editor.end();
            case CTRL_W -> editor.deleteWordBefore();
            case CTRL_U -> editor.clear();
            case UP -> {
                String older = history.older(editor.text());
                if (older != null) {
                    editor.set(older);
                }
            }
            case DOWN -> {
                String newer = history.newer();
                if (newer != null) {
                    editor.set(newer);
                }
            }
            case PAGE_UP -> scrollTo(scrollOffset + page());
            case PAGE_DOWN -> scrollTo(scrollOffset - page());
            case WHEEL_UP -> scrollTo(scrollOffset + 3);
            case WHEEL_DOWN -> scrollTo(scrollOffset - 3);
            case SCROLL_TOP -> scrollTo(Integer.MAX_VALUE);
            case SCROLL_BOTTOM -> scrollTo(0);
            case TOGGLE_MEMBERS -> toggleMembers();
            case ESC -> quit(effects);
            case CTRL_L -> { } // the UI repaints the whole screen; nothing changes here
        }
    }

    private void submit(List<Effect> effects) {
        String line = editor.text();
        if (line.isBlank()) {
            return;
        }
        Command command = Command.parse(line);
        if (command instanceof Command.Say say) {
            if (say(say.text(), effects)) {
                history.add(line);
                editor.clear();
            }
            return;
        }
        history.add(line);
        editor.clear();
        switch (command) {
            case Command.Say say -> throw new AssertionError("handled above");
            case Command.Rooms r -> {
                if (requireConnection()) {
                    effects.add(new Effect.Send(new ClientRequest.ListRooms()));
                }
            }
            case Command.Join j -> join(j.room(), effects);
            case Command.Leave l -> leave(effects);
            case Command.Quit q -> quit(effects);
            case Command.Nick n -> changeNick(n.nick());
            case Command.Help h -> helpVisible = true;
            case Command.Members m -> toggleMembers();
            case Command.Clear c -> {
                scrollback.clear();
                scrollOffset = 0;
                unseen = 0;
            }
            case Command.Usage u -> error(u.hint());
        }
    }

    /** Sends a chat line; false (input kept) when it cannot be sent. */
    private boolean say(String text, List<Effect> effects) {
        // Connection first: while reconnecting you are in no room, but the room will be rejoined by itself.
        if (!requireConnection()) {
            return false;
        }
        if (room == null) {
            error(joiningRoom != null ? "still joining " + joiningRoom + " — try again in a moment"
                    : "you are not in a room: /join <room> first (/rooms lists them)");
            return false;
        }
        int bytes = Rules.utf8Length(text);
        if (bytes > Limits.MAX_TEXT_BYTES) {
            error("message not sent: it is " + bytes + " bytes, the limit is " + Limits.MAX_TEXT_BYTES
                    + " (UTF-8) — shorten it by " + (bytes - Limits.MAX_TEXT_BYTES) + " bytes");
            return false;
        }
        effects.add(new Effect.Send(new ClientRequest.SendMsg(text)));
        scrollTo(0);
        return true;
    }

    private void join(String target, List<Effect> effects) {
        Optional<ErrorCode> problem = Rules.checkRoom(target);
        if (problem.isPresent()) {
            error("cannot join \"" + target + "\": " + problem.get().defaultReason());
            return;
        }
        if (!requireConnection()) {
            return;
        }
        joiningRoom = target;
        joiningNick = nick;
        effects.add(new Effect.Send(new ClientRequest.Join(target, nick)));
    }

    private void leave(List<Effect> effects) {
        if (room == null) {
            error("you are not in a room");
            return;
        }
        if (connection == Connection.CONNECTED) {
            effects.add(new Effect.Send(new ClientRequest.Leave()));
        }
        info("you left " + room);
        room = null;
        rejoinRoom = null;
        members.clear();
    }

    private void changeNick(String newNick) {
        Optional<ErrorCode> problem = Rules.checkNick(newNick);
        if (problem.isPresent()) {
            error("cannot use \"" + newNick + "\" as nick: " + problem.get().defaultReason());
            return;
        }
        nick = newNick;
        info("your nick will be " + newNick + " from the next /join"
                + (room != null ? " (type /join " + room + " to switch now)" : ""));
    }

    private void quit(List<Effect> effects) {
        if (connection == Connection.CONNECTED && room != null) {
            effects.add(new Effect.Send(new ClientRequest.Leave()));
        }
        connection = Connection.QUITTING;
        effects.add(new Effect.Quit());
    }

    private void toggleMembers() {
        membersShown = !membersShown;
        viewport = new Viewport(viewport.rows(), viewport.cols(), membersShown);
        clampScroll();
    }

    private boolean requireConnection() {
        if (connection != Connection.CONNECTED) {
            error("not connected to the server right now — wait until the status bar says connected");
            return false;
        }
        return true;
    }

    // ---- connection -------------------------------------------------------------------------------------------

    private void onConnected(List<Effect> effects) {
        if (connection == Connection.QUITTING) {
            return;
        }
        connection = Connection.CONNECTED;
        failedAttempts = 0;
        retryDelay = Duration.ZERO;
        if (!everConnected) {
            everConnected = true;
            info("connected to " + server + " — /join <room> to start, /rooms to list rooms, ? for help");
            effects.add(new Effect.Send(new ClientRequest.ListRooms()));
            if (rejoinRoom != null) {
                join(rejoinRoom, effects);
            }
        } else if (rejoinRoom != null) {
            info("reconnected — joining " + rejoinRoom + " again");
            joiningRoom = rejoinRoom;
            joiningNick = nick;
            effects.add(new Effect.Send(new ClientRequest.Join(rejoinRoom, nick)));
        } else {
            info("reconnected");
        }
    }

    private void onDisconnected(String reason, List<Effect> effects) {
        if (connection == Connection.QUITTING) {
            return;
        }
        if (connection == Connection.CONNECTED) {
            warning("connection lost (" + reason + ") — reconnecting");
            if (room != null) {
                rejoinRoom = room;
            } else if (joiningRoom != null) {
                rejoinRoom = joiningRoom;
            }
        }
        room = null;
        joiningRoom = null;
        members.clear();
        failedAttempts++;
        retryDelay = Backoff.delay(failedAttempts);
        connection = Connection.RECONNECTING;
        effects.add(new Effect.ScheduleReconnect(retryDelay));
    }

    // ---- server events ----------------------------------------------------------------------------------------

    private void onEvent(ServerEvent event) {
        switch (event) {
            case ServerEvent.Joined j -> {
                room = j.room();
                roomNick = j.room().equals(joiningRoom) && joiningNick != null ? joiningNick : nick;
                joiningRoom = null;
                rejoinRoom = room;
                members.clear();
                members.addAll(j.members());
                info("you are in " + room + " as " + roomNick + " — " + describeMembers());
            }
            case ServerEvent.UserJoined u -> {
                members.add(u.nick());
                info(u.nick() + " joined " + room);
            }
            case ServerEvent.UserLeft u -> {
                members.remove(u.nick());
                info(u.nick() + " left " + room);
            }
            case ServerEvent.Message m -> {
                Entry.Kind kind = m.from().equals(roomNick) ? Entry.Kind.OWN_MESSAGE : Entry.Kind.MESSAGE;
                add(new Entry(kind, m.ts(), m.from(), m.text()));
            }
            case ServerEvent.RoomList r -> info(r.rooms().isEmpty()
                    ? "no rooms yet — /join <name> creates one"
                    : "rooms (" + r.rooms().size() + "): " + String.join("  ", r.rooms()));
            case ServerEvent.Error e -> onError(e);
            case ServerEvent.HistoryPage page -> { } // the client asks for none yet
        }
    }

    private void onError(ServerEvent.Error e) {
        switch (e.code()) {
            case LAGGED -> warning("you fell behind and missed " + e.dropped() + " message"
                    + (e.dropped() != null && e.dropped() == 1 ? "" : "s"));
            case NICK_TAKEN -> {
                String target = joiningRoom != null ? joiningRoom : room;
                // The server moves you out of your old room before trying the new one.
                if (joiningRoom != null && !joiningRoom.equals(room)) {
                    room = null;
                    rejoinRoom = null; // in no room now, so a reconnect must not put us back in the old one
                    members.clear();
                }
                joiningRoom = null;
                error("the nick " + joiningNick + " is taken in " + target
                        + " — pick another with /nick <name>, then /join " + target);
            }
            case INVALID_NICK, INVALID_ROOM -> {
                joiningRoom = null;
                error(e.reason());
            }
            case NOT_IN_ROOM -> {
                room = null;
                members.clear();
                error("you are not in a room: /join <room> first");
            }
            case TOO_LONG, EMPTY_MESSAGE -> error("message refused: " + e.reason());
            case BAD_REQUEST -> error("the server did not understand a request: " + e.reason());
            case UNAVAILABLE -> error(e.reason());
        }
    }

    private String describeMembers() {
        int n = members.size();
        List<String> shown = members.stream().limit(20).toList();
        String list = String.join(", ", shown) + (n > shown.size() ? " and " + (n - shown.size()) + " more" : "");
        return n + (n == 1 ? " member: " : " members: ") + list;
    }

    // ---- scroll-back ------------------------------------------------------------------------------------------

    private void info(String text) {
        add(new Entry(Entry.Kind.INFO, clock.getAsLong(), null, text));
    }

    private void warning(String text) {
        add(new Entry(Entry.Kind.WARNING, clock.getAsLong(), null, text));
    }

    private void error(String text) {
        add(new Entry(Entry.Kind.ERROR, clock.getAsLong(), null, text));
    }

    /** Adds an entry; while scrolled up the view stays where it is and the entry counts as unseen. */
    private void add(Entry entry) {
        scrollback.add(entry);
        if (scrollOffset > 0) {
            scrollOffset += scrollback.rows(entry, viewport.messageWidth()).size();
            if (entry.isMessage()) {
                unseen++;
            }
            clampScroll();
        }
    }

    private int page() {
        return Math.max(1, viewport.messageHeight() - 1);
    }

    private void scrollTo(int offset) {
        scrollOffset = Math.max(0, offset);
        clampScroll();
        if (scrollOffset == 0) {
            unseen = 0;
        }
    }

    private void clampScroll() {
        if (scrollOffset == 0) {
            return;
        }
        int max = Math.max(0, scrollback.totalRows(viewport.messageWidth()) - viewport.messageHeight());
        scrollOffset = Math.min(scrollOffset, max);
        if (scrollOffset == 0) {
            unseen = 0;
        }
    }
}
