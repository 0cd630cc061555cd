package mychat.client.state;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The rooms open at once, one window each: every window is a {@link ChatModel} with its own connection (protocol
 * version 1 puts a connection in one room at a time), scroll-back, input draft and member list. The workspace
 * routes keys to the window in view, takes the keys and commands that are about windows (switching, /join of
 * another room, /part, /save, /set), and keeps the room list's unread and mention counts, the bell and the terminal
 * title. Same thread and rules as {@link ChatModel}: no I/O, effects out.
 */
public final class Workspace {

    /** An effect for the window {@code window} (its connection, its timers), or for the whole client. */
    public record Routed(long window, Effect effect) {}

    /** One open window: its id (the key of its connection) and its state. */
    public record Window(long id, ChatModel model) {}

    /** Width of the room list, separator included. */
    static final int ROOM_LIST_WIDTH = 18;
    /** Below this terminal width the room list hides itself. */
    static final int MIN_COLS_FOR_ROOM_LIST = 60;

    private final String server;
    private final ZoneId zone;
    private final LongSupplier clock;
    private final List<Window> windows = new ArrayList<>();
    private long nextId = 1;
    private int active;
    private boolean roomListShown = true;
    private boolean bell;
    private int rows = 24;
    private int cols = 80;
    private String title = "";

    /**
     * @param rooms the rooms to open at start, in order; empty for one window in no room
     */
    public Workspace(String server, String nick, List<String> rooms, boolean bell, ZoneId zone, LongSupplier clock) {
        this.server = server;
        this.zone = zone;
        this.clock = clock;
        this.bell = bell;
        if (rooms.isEmpty()) {
            open(nick, null);
        }
        for (String room : rooms) {
            open(nick, room);
        }
        active = 0;
        showActive();
    }

    // ---- what the UI reads ------------------------------------------------------------------------------------

    public List<Window> windows() {
        return List.copyOf(windows);
    }

    public ChatModel current() {
        return windows.get(active).model();
    }

    public int activeIndex() {
        return active;
    }

    /** Columns the room list takes on the left (separator included); 0 when hidden. */
    public int roomListWidth() {
        return roomListShown && cols >= MIN_COLS_FOR_ROOM_LIST ? ROOM_LIST_WIDTH : 0;
    }

    public boolean bell() {
        return bell;
    }

    /** "my-chat · lobby · 3 unread · 1 mention": the terminal title. */
    public String title() {
        int unread = 0;
        int mentions = 0;
        for (Window w : windows) {
            unread += w.model().unread();
            mentions += w.model().mentions();
        }
        String title = "my-chat · " + current().target().orElse("no room");
        if (unread > 0) {
            title += " · " + unread + " unread";
        }
        if (mentions > 0) {
            title += " · " + mentions + (mentions == 1 ? " mention" : " mentions");
        }
        return title;
    }

    // ---- inputs -----------------------------------------------------------------------------------------------

    /** Effects to start with: the windows opened at start connect (the first one's connection is already open). */
    public List<Routed> start() {
        List<Routed> out = new ArrayList<>();
        for (int i = 1; i < windows.size(); i++) {
            out.add(new Routed(windows.get(i).id(), new Effect.Connect()));
        }
        retitle(out);
        return out;
    }

    /** An input for the whole client: keys, a resize, a request to quit. */
    public List<Routed> handle(Input input) {
        List<Routed> out = new ArrayList<>();
        switch (input) {
            case Input.Key key -> onKey(key, out);
            case Input.Resized r -> {
                rows = r.rows();
                cols = r.cols();
                for (Window w : windows) {
                    w.model().handle(windowSize());
                }
            }
            case Input.QuitRequested q -> quit(out);
            default -> route(windows.get(active), input, out);
        }
        retitle(out);
        return out;
    }

    /** An input for one window: its connection's events and timers. Ignored when the window has closed. */
    public List<Routed> handle(long window, Input input) {
        List<Routed> out = new ArrayList<>();
        for (Window w : windows) {
            if (w.id() == window) {
                int mentionsBefore = w.model().mentions();
                route(w, input, out);
                if (bell && w.model().mentions() > mentionsBefore) {
                    out.add(new Routed(w.id(), new Effect.Bell()));
                }
            }
        }
        retitle(out);
        return out;
    }

    private void route(Window w, Input input, List<Routed> out) {
        for (Effect effect : w.model().handle(input)) {
            if (effect instanceof Effect.Quit) { // Esc or /quit in one window ends them all
                for (Window other : windows) {
                    if (other != w) {
                        other.model().close().forEach(e -> out.add(new Routed(other.id(), e)));
                    }
                }
            }
            out.add(new Routed(w.id(), effect));
        }
    }

    private void onKey(Input.Key key, List<Routed> out) {
        ChatModel model = current();
        if (!model.helpVisible()) {
            switch (key.kind()) {
                case GO_TO_ROOM -> {
                    int n = Integer.parseInt(key.text());
                    if (n >= 1 && n <= windows.size()) {
                        switchTo(n - 1);
                    }
                    return;
                }
                case PREVIOUS_ROOM -> {
                    switchTo((active + windows.size() - 1) % windows.size());
                    return;
                }
                case NEXT_ROOM -> {
                    switchTo((active + 1) % windows.size());
                    return;
                }
                case TOGGLE_ROOM_LIST -> {
                    roomListShown = !roomListShown;
                    for (Window w : windows) {
                        w.model().handle(windowSize());
                    }
                    return;
                }
                case ENTER -> {
                    if (windowCommand(Command.parse(model.editor().text()), out)) {
                        return;
                    }
                }
                default -> { }
            }
        }
        route(windows.get(active), key, out);
    }

    /** Carries out a command about windows; false when the window in view should handle the line itself. */
    private boolean windowCommand(Command command, List<Routed> out) {
        ChatModel model = current();
        switch (command) {
            case Command.Join j -> {
                int open = indexOf(j.room());
                if (open >= 0) {
                    model.inputTaken();
                    switchTo(open);
                    return true;
                }
                if (model.target().isEmpty()) {
                    return false; // this window is in no room: it joins on its own connection
                }
                model.inputTaken();
                Window w = open(model.nickForJoin(), j.room());
                switchTo(windows.indexOf(w));
                out.add(new Routed(w.id(), new Effect.Connect()));
                return true;
            }
            case Command.Part p -> {
                int index = p.room() == null ? active : indexOf(p.room());
                if (index < 0) {
                    model.inputTaken();
                    model.notice("you are not in " + p.room(), true);
                    return true;
                }
                if (windows.size() == 1) {
                    return false; // the last window stays, in no room
                }
                model.inputTaken();
                close(index, out);
                return true;
            }
            case Command.Save s -> {
                model.inputTaken();
                out.add(new Routed(windows.get(active).id(), new Effect.SaveRooms(openRooms())));
                return true;
            }
            case Command.Set s -> {
                model.inputTaken();
                bell = s.on();
                model.notice("bell " + (bell ? "on: a mention in a room not in view rings it" : "off"), false);
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** The rooms of the open windows, in window order. */
    public List<String> openRooms() {
        List<String> rooms = new ArrayList<>();
        for (Window w : windows) {
            w.model().target().ifPresent(rooms::add);
        }
        return rooms;
    }

    private int indexOf(String room) {
        for (int i = 0; i < windows.size(); i++) {
            if (windows.get(i).model().target().equals(Optional.of(room))) {
                return i;
            }
        }
        return -1;
    }

    private Window open(String nick, String room) {
        ChatModel model = new ChatModel(server, nick, room, zone, clock);
        model.handle(windowSize());
        Window w = new Window(nextId++, model);
        windows.add(w);
        return w;
    }

    private void close(int index, List<Routed> out) {
        Window w = windows.remove(index);
        for (Effect effect : w.model().close()) {
            out.add(new Routed(w.id(), effect));
        }
        out.add(new Routed(w.id(), new Effect.CloseConnection()));
        active = Math.min(active > index ? active - 1 : active, windows.size() - 1);
        showActive();
    }

    private void switchTo(int index) {
        active = index;
        showActive();
    }

    private void showActive() {
        for (int i = 0; i < windows.size(); i++) {
            windows.get(i).model().inView(i == active);
        }
    }

    private void quit(List<Routed> out) {
        for (Window w : windows) {
            for (Effect effect : w.model().close()) {
                out.add(new Routed(w.id(), effect));
            }
        }
        out.add(new Routed(windows.get(active).id(), new Effect.Quit()));
    }

    private Input.Resized windowSize() {
        return new Input.Resized(rows, Math.max(10, cols - roomListWidth()));
    }

    private void retitle(List<Routed> out) {
        String now = title();
        if (!now.equals(title)) {
            title = now;
            out.add(new Routed(windows.get(active).id(), new Effect.SetTitle(now)));
        }
    }
}
