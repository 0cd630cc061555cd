package mychat.client.state;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import mychat.protocol.ClientRequest;
import mychat.protocol.ErrorCode;
import mychat.protocol.Limits;
import mychat.protocol.Rules;

/**
 * Everything the client knows and shows: connection, room, members, scroll-back, input line, overlays. Takes one
 * {@link Input} at a time and answers with the {@link Effect}s to carry out. No I/O, no threads, no terminal.
 *
 * <p>This class handles keys, commands and the connection's ups and downs; the parts it is made of each keep one
 * piece of state: {@link RoomState} (where we are), {@link InputLine} (what is being typed), {@link Outbox} (lines
 * not yet confirmed), {@link HistoryTracker} (ids seen and pages asked for), {@link ScrollPosition} and
 * {@link HelpOverlay}; {@link ServerEvents} applies what the server sends.
 */
public final class ChatModel {

    public enum Connection { CONNECTING, CONNECTED, RECONNECTING, QUITTING }

    private final String server;
    private final Scrollback scrollback;
    private final InputLine inputLine = new InputLine();
    private final LineEditor editor = inputLine.editor();
    private final Outbox outbox = new Outbox();
    private final HistoryTracker ids = new HistoryTracker();
    private final RoomState rooms;
    private final Feed feed;
    private final ServerEvents events;
    private final Attention attention = new Attention();
    private final Typing typing = new Typing();

    private Connection connection = Connection.CONNECTING;
    private boolean everConnected;
    private int failedAttempts;
    private Duration retryDelay = Duration.ZERO;

    /** A text over the size limit whose split into several messages was offered; Enter on it again agrees. */
    private String splitOffered;

    /** The nick for the next join. */
    private String nick;

    private Viewport viewport = new Viewport(24, 80, true);
    private boolean membersShown = true;
    private final HelpOverlay help = new HelpOverlay();
    private final ScrollPosition scroll;

    /**
     * @param autoJoin a room to join as soon as the first connection is up, or null
     */
    public ChatModel(String server, String nick, String autoJoin, ZoneId zone, LongSupplier clock) {
        this.server = server;
        this.nick = nick;
        this.rooms = new RoomState(autoJoin);
        this.scrollback = new Scrollback(zone);
        this.scroll = new ScrollPosition(scrollback, () -> viewport);
        this.feed = new Feed(scrollback, scroll, clock);
        this.events = new ServerEvents(rooms, outbox, ids, scrollback, feed, editor, attention, typing);
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
        return rooms.room() != null ? rooms.roomNick() : nick;
    }

    /** The nick the next join uses (a /nick takes effect there). */
    public String nickForJoin() {
        return nick;
    }

    public Optional<String> room() {
        return Optional.ofNullable(rooms.room());
    }

    public List<String> members() {
        return List.copyOf(rooms.members());
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
        return help.visible();
    }

    public int helpScroll() {
        return help.scroll();
    }

    /** Rows scrolled up from the bottom of the message area; 0 follows new messages. */
    public int scrollOffset() {
        return scroll.offset();
    }

    /** Messages that arrived while scrolled up. */
    public int unseen() {
        return scroll.unseen();
    }

    /** The room this window is about: the one it is in, joining, or going back to; empty when none. */
    public Optional<String> target() {
        if (rooms.room() != null) {
            return Optional.of(rooms.room());
        }
        return Optional.ofNullable(rooms.joiningRoom() != null ? rooms.joiningRoom() : rooms.rejoinRoom());
    }

    /** Who else is typing in the room right now. */
    public List<String> typing() {
        return typing.typing(feed.now());
    }

    /** Messages from others that arrived while this window was not in view. */
    public int unread() {
        return attention.unread();
    }

    /** How many of the {@link #unread} messages mention our nick. */
    public int mentions() {
        return attention.mentions();
    }

    /** The window is shown (which clears its unread counts) or hidden behind another one. */
    public void inView(boolean shown) {
        attention.inView(shown);
    }

    /** Takes the input line as entered (into the input history), for a command handled outside the model. */
    public void inputTaken() {
        inputLine.accepted(editor.text());
    }

    /** Shows a notice from outside the model (the result of /save, a setting changed). */
    public void notice(String text, boolean error) {
        if (error) {
            feed.error(text);
        } else {
            feed.info(text);
        }
    }

    /** Leaves the room for good because its window closes: what to send before the connection closes. */
    public List<Effect> close() {
        List<Effect> effects = new ArrayList<>(1);
        if (connection == Connection.CONNECTED && rooms.room() != null) {
            effects.add(new Effect.Send(new ClientRequest.Leave()));
        }
        connection = Connection.QUITTING;
        return effects;
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
            case Input.SendDue d -> outbox.resume();
            case Input.RejoinDue d -> {
                if (connection == Connection.CONNECTED && rooms.room() == null && rooms.joiningRoom() == null
                        && rooms.rejoinRoom() != null) {
                    rejoin(effects);
                }
            }
            case Input.Tick t -> { } // the clock moved: nothing to do but draw again
            case Input.Received r -> events.on(r.event(), nick, effects);
            case Input.QuitRequested q -> quit(effects);
        }
        if (connection == Connection.CONNECTED) {
            outbox.pump(rooms.room(), effects);
        }
        return effects;
    }

    private void onKey(Input.Key key, List<Effect> effects) {
        if (help.visible()) {
            help.onKey(key, scroll.page());
            return;
        }
        if (key.kind() == KeyKind.CHAR && key.text().equals("?") && editor.isEmpty()) {
            help.open();
            return;
        }
        if (inputLine.onKey(key, rooms.members())) {
            if (key.kind() == KeyKind.CHAR || key.kind() == KeyKind.PASTE) {
                typed(effects);
            }
            return;
        }
        switch (key.kind()) {
            case ENTER -> submit(effects);
            case HOME, SCROLL_TOP -> {
                scroll.toTop();
                loadOlderIfAtTop(effects);
            }
            case END, SCROLL_BOTTOM -> scroll.toBottom();
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
            case TOGGLE_MEMBERS -> toggleMembers();
            case ESC -> quit(effects);
            // CTRL_L: the UI repaints the whole screen; nothing changes here. The editing keys were taken above.
            default -> { }
        }
    }

    /** Tells the room that we type, every few seconds while typing goes on; never for a command. */
    private void typed(List<Effect> effects) {
        if (connection == Connection.CONNECTED && rooms.room() != null && !editor.text().startsWith("/")
                && typing.shouldSend(feed.now())) {
            effects.add(new Effect.Send(new ClientRequest.Typing()));
        }
    }

    private void submit(List<Effect> effects) {
        String line = editor.text();
        if (line.isBlank()) {
            return;
        }
        Command command = Command.parse(line);
        if (command instanceof Command.Say say) {
            if (say(say.text())) {
                inputLine.accepted(line);
            }
            return;
        }
        inputLine.accepted(line);
        switch (command) {
            case Command.Say say -> throw new AssertionError("handled above");
            case Command.Rooms r -> {
                if (requireConnection()) {
                    effects.add(new Effect.Send(new ClientRequest.ListRooms()));
                }
            }
            case Command.Join j -> join(j.room(), effects);
            case Command.Leave l -> leave(effects);
            case Command.Part p -> leave(effects); // a window of its own: the Workspace closes it
            // Settings and the config file belong to the Workspace, which takes these lines before the model does.
            case Command.Save c -> { }
            case Command.Set c -> { }
            case Command.Quit q -> quit(effects);
            case Command.Nick n -> changeNick(n.nick());
            case Command.Help h -> help.open();
            case Command.Members m -> toggleMembers();
            case Command.Clear c -> {
                scrollback.clear();
                scroll.reset();
            }
            case Command.Usage u -> feed.error(u.hint());
        }
    }

    /**
     * Queues a chat line under a fresh idempotency key and shows it as pending until the server echoes it; the
     * queue sends it when its turn comes (see {@link Outbox}). While reconnecting, the line waits and is sent once
     * the room is rejoined. False (input kept) when it cannot go.
     */
    private boolean say(String text) {
        int bytes = Rules.utf8Length(text);
        if (bytes > Limits.MAX_TEXT_BYTES) {
            List<String> parts = MessageSplitter.split(text, Limits.MAX_TEXT_BYTES);
            if (!text.equals(splitOffered)) {
                splitOffered = text;
                feed.warning("this text is " + bytes + " bytes, over the limit of " + Limits.MAX_TEXT_BYTES
                        + " (UTF-8): press Enter again to send it as " + parts.size() + " messages, in order, "
                        + "or edit it");
                return false;
            }
            splitOffered = null;
            for (String part : parts) {
                if (!sayOne(part)) {
                    return false;
                }
            }
            return true;
        }
        return sayOne(text);
    }

    private boolean sayOne(String text) {
        String room = rooms.room();
        String target = room;
        if (connection != Connection.CONNECTED && rooms.rejoinRoom() != null) {
            target = rooms.rejoinRoom(); // sent after the reconnect, with the other unconfirmed lines
        } else if (!requireConnection()) {
            return false;
        } else if (room == null) {
            String joining = rooms.joiningRoom();
            if (joining == null) {
                feed.error("you are not in a room: /join <room> first (/rooms lists them)");
                return false;
            }
            target = joining; // sent once the join is answered
        }
        Outbox.Pending pending = outbox.add(target, text);
        feed.add(new Entry(Entry.Kind.PENDING, feed.now(), nick(), text, target, 0, pending.cid(), false));
        scroll.toBottom();
        return true;
    }

    private void join(String target, List<Effect> effects) {
        Optional<ErrorCode> problem = Rules.checkRoom(target);
        if (problem.isPresent()) {
            feed.error("cannot join \"" + target + "\": " + problem.get().defaultReason());
            return;
        }
        if (!requireConnection()) {
            return;
        }
        rooms.joinSent(target, nick);
        effects.add(new Effect.Send(new ClientRequest.Join(target, nick)));
    }

    private void leave(List<Effect> effects) {
        String room = rooms.room();
        if (room == null) {
            feed.error("you are not in a room");
            return;
        }
        if (connection == Connection.CONNECTED) {
            effects.add(new Effect.Send(new ClientRequest.Leave()));
        }
        feed.info("you left " + room);
        outbox.dropRoom(room);
        rooms.left();
    }

    private void changeNick(String newNick) {
        Optional<ErrorCode> problem = Rules.checkNick(newNick);
        if (problem.isPresent()) {
            feed.error("cannot use \"" + newNick + "\" as nick: " + problem.get().defaultReason());
            return;
        }
        nick = newNick;
        feed.info("your nick will be " + newNick + " from the next /join"
                + (rooms.room() != null ? " (type /join " + rooms.room() + " to switch now)" : ""));
    }

    private void quit(List<Effect> effects) {
        if (connection == Connection.CONNECTED && rooms.room() != null) {
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
            feed.error("not connected to the server right now — wait until the status bar says connected");
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
            feed.info("connected to " + server + " — /join <room> to start, /rooms to list rooms, ? for help");
            effects.add(new Effect.Send(new ClientRequest.ListRooms()));
            if (rooms.rejoinRoom() != null) {
                join(rooms.rejoinRoom(), effects);
            }
        } else if (rooms.rejoinRoom() != null) {
            feed.info("reconnected — joining " + rooms.rejoinRoom() + " again");
            rejoin(effects);
        } else {
            feed.info("reconnected");
        }
    }

    private void rejoin(List<Effect> effects) {
        String back = rooms.rejoinRoom();
        rooms.rejoinSent(back, nick);
        effects.add(new Effect.Send(new ClientRequest.Join(back, nick, ids.resumeCursor(back))));
    }

    private void onDisconnected(String reason, List<Effect> effects) {
        if (connection == Connection.QUITTING) {
            return;
        }
        if (connection == Connection.CONNECTED) {
            feed.warning("connection lost (" + reason + ") — reconnecting");
        }
        rooms.connectionLost(connection == Connection.CONNECTED);
        typing.clear();
        ids.connectionLost();
        outbox.unanswered();
        failedAttempts++;
        retryDelay = Backoff.delay(failedAttempts);
        connection = Connection.RECONNECTING;
        effects.add(new Effect.ScheduleReconnect(retryDelay));
    }

    // ---- history ----------------------------------------------------------------------------------------------

    /**
     * Near the top of the scroll-back: ask for the page before the oldest message shown. Asking a page ahead lets
     * scrolling go on into older lines without stopping at the edge of what was loaded.
     */
    private void loadOlderIfAtTop(List<Effect> effects) {
        String room = rooms.room();
        if (room == null || connection != Connection.CONNECTED || !scroll.nearTop()) {
            return;
        }
        Long before = ids.olderPageBefore(room);
        if (before != null) {
            events.requestHistory(ClientRequest.History.before(before, 100), new HistoryTracker.Older(room), effects);
        }
    }
}
