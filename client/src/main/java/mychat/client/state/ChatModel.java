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
    private final Outbox outbox = new Outbox();
    private final HistoryTracker ids = new HistoryTracker();
    /** Between {@code Joined} and the first live event: replayed messages are arriving. */
    private boolean replayOpen;
    private boolean replaySeen;

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
    /** First help line shown, when the help is taller than the screen. */
    private int helpScroll;
    private final ScrollPosition scroll;

    /**
     * @param autoJoin a room to join as soon as the first connection is up, or null
     */
    public ChatModel(String server, String nick, String autoJoin, ZoneId zone, LongSupplier clock) {
        this.server = server;
        this.nick = nick;
        this.rejoinRoom = autoJoin;
        this.clock = clock;
        this.scrollback = new Scrollback(zone);
        this.scroll = new ScrollPosition(scrollback, () -> viewport);
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

    public int helpScroll() {
        return helpScroll;
    }

    /** Rows scrolled up from the bottom of the message area; 0 follows new messages. */
    public int scrollOffset() {
        return scroll.offset();
    }

    /** Messages that arrived while scrolled up. */
    public int unseen() {
        return scroll.unseen();
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
                scroll.clamp();
            }
            case Input.Connected c -> onConnected(effects);
            case Input.Disconnected d -> onDisconnected(d.reason(), effects);
            case Input.ReconnectDue r -> {
                if (connection == Connection.RECONNECTING) {
                    connection = Connection.CONNECTING;
                    effects.add(new Effect.Connect());
                }
            }
            case Input.Received r -> onEvent(r.event(), effects);
            case Input.QuitRequested q -> quit(effects);
        }
        return effects;
    }

    private void onKey(Input.Key key, List<Effect> effects) {
        if (key.kind() != KeyKind.TAB) {
            completer.reset();
        }
        if (helpVisible) {
            switch (key.kind()) {
                case ESC, ENTER -> helpVisible = false;
                case CHAR -> helpVisible = !(key.text().equals("q") || key.text().equals("?"));
                case UP, WHEEL_UP -> helpScroll = Math.max(0, helpScroll - 1);
                case DOWN, WHEEL_DOWN -> helpScroll++;
                case PAGE_UP -> helpScroll = Math.max(0, helpScroll - scroll.page());
                case PAGE_DOWN -> helpScroll += scroll.page();
                case HOME, SCROLL_TOP -> helpScroll = 0;
                default -> { }
            }
            return;
        }
        switch (key.kind()) {
            case CHAR -> {
                if (key.text().equals("?") && editor.isEmpty()) {
                    helpVisible = true;
                    helpScroll = 0;
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
                    scroll.toTop();
                    loadOlderIfAtTop(effects);
                } else {
                    editor.home();
                }
            }
            case END -> {
                if (editor.isEmpty()) {
                    scroll.toBottom();
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
            case PAGE_UP -> {
                scroll.by(scroll.page());
                loadOlderIfAtTop(effects);
            }
            case PAGE_DOWN -> scroll.by(-scroll.page());
            case WHEEL_UP -> {
                scroll.by(3);
                loadOlderIfAtTop(effects);
            }
            case WHEEL_DOWN -> scroll.by(-3);
            case SCROLL_TOP -> {
                scroll.toTop();
                loadOlderIfAtTop(effects);
            }
            case SCROLL_BOTTOM -> scroll.toBottom();
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
            case Command.Help h -> {
                helpVisible = true;
                helpScroll = 0;
            }
            case Command.Members m -> toggleMembers();
            case Command.Clear c -> {
                scrollback.clear();
                scroll.reset();
            }
            case Command.Usage u -> error(u.hint());
        }
    }

    /**
     * Sends a chat line under a fresh idempotency key and shows it as pending until the server echoes it. While
     * reconnecting, the line waits and is sent once the room is rejoined. False (input kept) when it cannot go.
     */
    private boolean say(String text, List<Effect> effects) {
        int bytes = Rules.utf8Length(text);
        if (bytes > Limits.MAX_TEXT_BYTES) {
            error("message not sent: it is " + bytes + " bytes, the limit is " + Limits.MAX_TEXT_BYTES
                    + " (UTF-8) — shorten it by " + (bytes - Limits.MAX_TEXT_BYTES) + " bytes");
            return false;
        }
        String target = room;
        if (connection != Connection.CONNECTED && rejoinRoom != null) {
            target = rejoinRoom; // sent after the reconnect, with the other unconfirmed lines
        } else if (!requireConnection()) {
            return false;
        } else if (room == null) {
            error(joiningRoom != null ? "still joining " + joiningRoom + " — try again in a moment"
                    : "you are not in a room: /join <room> first (/rooms lists them)");
            return false;
        }
        Outbox.Pending pending = outbox.add(target, text);
        if (room != null && connection == Connection.CONNECTED) {
            effects.add(new Effect.Send(new ClientRequest.SendMsg(text, pending.cid())));
        }
        add(new Entry(Entry.Kind.PENDING, clock.getAsLong(), nick(), text, target, 0, pending.cid(), false));
        scroll.toBottom();
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
        outbox.dropRoom(room);
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
        scroll.clamp();
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
            effects.add(new Effect.Send(new ClientRequest.Join(rejoinRoom, nick, ids.resumeCursor(rejoinRoom))));
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
        ids.connectionLost();
        failedAttempts++;
        retryDelay = Backoff.delay(failedAttempts);
        connection = Connection.RECONNECTING;
        effects.add(new Effect.ScheduleReconnect(retryDelay));
    }

    // ---- server events ----------------------------------------------------------------------------------------

    private void onEvent(ServerEvent event, List<Effect> effects) {
        switch (event) {
            case ServerEvent.Joined j -> onJoined(j, effects);
            case ServerEvent.UserJoined u -> {
                closeReplay();
                members.add(u.nick());
                info(u.nick() + " joined " + room);
            }
            case ServerEvent.UserLeft u -> {
                closeReplay();
                members.remove(u.nick());
                info(u.nick() + " left " + room);
            }
            case ServerEvent.Message m -> onMessage(m);
            case ServerEvent.HistoryPage page -> onHistoryPage(page, effects);
            case ServerEvent.RoomList r -> info(r.rooms().isEmpty()
                    ? "no rooms yet — /join <name> creates one"
                    : "rooms (" + r.rooms().size() + "): " + String.join("  ", r.rooms()));
            case ServerEvent.Error e -> onError(e, effects);
        }
    }

    private void onJoined(ServerEvent.Joined j, List<Effect> effects) {
        boolean rename = j.room().equals(room);
        room = j.room();
        roomNick = j.room().equals(joiningRoom) && joiningNick != null ? joiningNick : nick;
        joiningRoom = null;
        rejoinRoom = room;
        members.clear();
        members.addAll(j.members());
        info("you are in " + room + " as " + roomNick + " — " + describeMembers());
        if (Boolean.FALSE.equals(j.recovered())) {
            warning("some messages from while you were away are no longer kept by the server");
        }
        if (!rename) {
            replayOpen = true;
            replaySeen = false;
        }
        for (Outbox.Pending p : outbox.forRoom(room)) { // unconfirmed lines: the server drops repeats
            effects.add(new Effect.Send(new ClientRequest.SendMsg(p.text(), p.cid())));
        }
    }

    private void onMessage(ServerEvent.Message m) {
        if (!ids.firstSighting(m.room(), m.id())) {
            return; // a resent line's confirmation, or a replay overlapping what we have
        }
        boolean own = outbox.confirm(m.cid());
        if (own) {
            scrollback.removePending(m.cid());
        }
        Entry entry = toEntry(m, own);
        if (m.history() && replayOpen) {
            replaySeen = true;
        } else if (!m.history()) {
            closeReplay();
        }
        add(entry);
    }

    private Entry toEntry(ServerEvent.Message m, boolean confirmedOwn) {
        boolean own = confirmedOwn || m.from().equals(roomNick) && m.room().equals(room);
        return new Entry(own ? Entry.Kind.OWN_MESSAGE : Entry.Kind.MESSAGE, m.ts(), m.from(), m.text(), m.room(),
                m.id(), m.cid(), m.history());
    }

    /** The first live event after a replay: a divider separates what was said before from what comes now. */
    private void closeReplay() {
        if (replayOpen && replaySeen) {
            add(new Entry(Entry.Kind.DIVIDER, clock.getAsLong(), null, "new messages"));
        }
        replayOpen = false;
    }

    private void onHistoryPage(ServerEvent.HistoryPage page, List<Effect> effects) {
        HistoryTracker.Request request = ids.answered();
        for (ServerEvent.Message m : page.messages()) {
            if (ids.firstSighting(m.room(), m.id())) {
                boolean own = outbox.confirm(m.cid());
                if (own) {
                    scrollback.removePending(m.cid());
                }
                insertFetched(toEntry(m, own));
            }
        }
        switch (request) {
            case HistoryTracker.Older older when !page.more() -> ids.reachedStart(older.room());
            case HistoryTracker.Gap gap when page.more() && !page.messages().isEmpty()
                    && page.messages().getLast().id() < gap.to() && gap.room().equals(room) -> {
                long after = page.messages().getLast().id();
                requestHistory(ClientRequest.History.after(after, pageFor(gap.to() - after)), gap, effects);
            }
            case null, default -> { }
        }
    }

    /**
     * Puts a fetched message where its id belongs. The scroll offset counts rows from the bottom, so older pages,
     * which land above the view, leave what the user looks at where it is.
     */
    private void insertFetched(Entry entry) {
        scrollback.insertInOrder(entry);
    }

    private static int pageFor(long wanted) {
        return (int) Math.min(Limits.MAX_HISTORY_PAGE, Math.max(1, wanted));
    }

    private void requestHistory(ClientRequest.History request, HistoryTracker.Request why, List<Effect> effects) {
        ids.sent(why);
        effects.add(new Effect.Send(request));
    }

    /** At the top of the scroll-back: ask for the page before the oldest message shown. */
    private void loadOlderIfAtTop(List<Effect> effects) {
        if (room == null || connection != Connection.CONNECTED || !scroll.atTop()) {
            return;
        }
        Long before = ids.olderPageBefore(room);
        if (before != null) {
            requestHistory(ClientRequest.History.before(before, 100), new HistoryTracker.Older(room), effects);
        }
    }

    private void onError(ServerEvent.Error e, List<Effect> effects) {
        switch (e.code()) {
            case LAGGED -> {
                long dropped = e.dropped() == null ? 0 : e.dropped();
                warning("you fell behind and missed " + dropped + " message" + (dropped == 1 ? "" : "s")
                        + (e.from() != null && room != null ? " — fetching them" : ""));
                if (e.from() != null && e.to() != null && room != null) {
                    requestHistory(ClientRequest.History.after(e.from() - 1, pageFor(e.to() - e.from() + 1)),
                            new HistoryTracker.Gap(room, e.to()), effects);
                }
            }
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
            case RATE_LIMITED -> {
                Outbox.Pending refused = outbox.newest();
                if (refused != null && e.reason().contains("messages")) {
                    outbox.confirm(refused.cid());
                    scrollback.removePending(refused.cid());
                    if (editor.isEmpty()) {
                        editor.set(refused.text()); // back in the input, ready to send again
                    }
                }
                error("slow down: " + e.reason());
            }
            case FORBIDDEN, INVALID_TOKEN -> error(e.reason());
            case TOKEN_EXPIRED -> error(e.reason() + " — restart my-chat with a fresh --token");
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

    private void add(Entry entry) {
        scrollback.add(entry);
        scroll.appended(entry);
    }
}
