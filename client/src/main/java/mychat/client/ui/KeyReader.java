package mychat.client.ui;

import java.util.function.Consumer;
import mychat.client.state.Input;
import mychat.client.state.KeyKind;
import org.jline.keymap.BindingReader;
import org.jline.keymap.KeyMap;
import org.jline.terminal.MouseEvent;
import org.jline.terminal.Terminal;
import org.jline.utils.InfoCmp.Capability;

/**
 * Reads the terminal's input on its own thread and posts {@link Input.Key}s. Knows the escape sequences of common
 * terminals (xterm, tmux, screen, linux console) besides what terminfo says, and swallows sequences it does not
 * know instead of typing their bytes, so an unbound function key or Alt combination never quits or garbles input.
 */
final class KeyReader {
    /** A lone Esc is told apart from the start of a sequence by this pause. */
    private static final long ESC_TIMEOUT_MILLIS = 100;

    private enum Special { IGNORE, CSI, SS3, MOUSE, PASTE }

    /** What a terminal sends after a bracketed paste; the paste itself starts with ESC [ 200 ~. */
    private static final String PASTE_END = "\033[201~";

    private final Terminal terminal;
    private final BindingReader reader;
    private final KeyMap<Object> keys;

    KeyReader(Terminal terminal) {
        this.terminal = terminal;
        this.reader = new BindingReader(terminal.reader());
        this.keys = keyMap(terminal);
    }

    /** Reads until end of input or {@code running} says stop; posts every key to {@code sink}. */
    void run(Consumer<Input> sink, java.util.function.BooleanSupplier running) {
        while (running.getAsBoolean()) {
            Object bound = reader.readBinding(keys);
            if (bound == null) {
                return; // end of input: the terminal is gone
            }
            switch (bound) {
                case KeyKind kind when kind == KeyKind.CHAR -> sink.accept(Input.Key.typed(reader.getLastBinding()));
                case KeyKind kind when kind == KeyKind.GO_TO_ROOM -> sink.accept(new Input.Key(kind,
                        reader.getLastBinding().substring(1)));
                case KeyKind kind -> sink.accept(Input.Key.of(kind));
                case Special s when s == Special.MOUSE -> onMouse(sink);
                case Special s when s == Special.PASTE -> sink.accept(new Input.Key(KeyKind.PASTE, readPaste()));
                case Special s when s == Special.CSI -> skipControlSequence();
                case Special s when s == Special.SS3 -> reader.readCharacter();
                default -> { } // IGNORE
            }
        }
    }

    private void onMouse(Consumer<Input> sink) {
        MouseEvent event = terminal.readMouseEvent(reader::readCharacter, reader.getLastBinding());
        if (event.getButton() == MouseEvent.Button.WheelUp) {
            sink.accept(Input.Key.of(KeyKind.WHEEL_UP));
        } else if (event.getButton() == MouseEvent.Button.WheelDown) {
            sink.accept(Input.Key.of(KeyKind.WHEEL_DOWN));
        }
    }

    /**
     * Everything up to the end marker of a bracketed paste, as typed text with line breaks as {@code \n} (terminals
     * send a pasted line break as CR).
     */
    private String readPaste() {
        StringBuilder text = new StringBuilder();
        while (true) {
            int c = reader.readCharacter();
            if (c < 0) {
                break;
            }
            text.appendCodePoint(c);
            if (c == '~' && text.length() >= PASTE_END.length()
                    && text.substring(text.length() - PASTE_END.length()).equals(PASTE_END)) {
                text.setLength(text.length() - PASTE_END.length());
                break;
            }
        }
        return text.toString().replace("\r\n", "\n").replace('\r', '\n');
    }

    /** Consumes the rest of an unknown CSI sequence: parameter and intermediate bytes, then one final byte. */
    private void skipControlSequence() {
        for (int i = 0; i < 32; i++) {
            int c = reader.readCharacter();
            if (c < 0 || (c >= 0x40 && c <= 0x7E)) {
                return;
            }
        }
    }

    private static KeyMap<Object> keyMap(Terminal terminal) {
        KeyMap<Object> map = new KeyMap<>();
        map.setAmbiguousTimeout(ESC_TIMEOUT_MILLIS);
        map.setUnicode(KeyKind.CHAR);
        map.setNomatch(Special.IGNORE);
        for (char c = 32; c < 127; c++) {
            map.bind(KeyKind.CHAR, String.valueOf(c));
            if (c >= '1' && c <= '9') {
                map.bind(KeyKind.GO_TO_ROOM, KeyMap.alt(c));
            } else if (c != '[' && c != 'O') {
                map.bind(Special.IGNORE, KeyMap.alt(c)); // Alt+key: not an Esc press
            }
        }
        map.bind(Special.CSI, "\033[");
        map.bind(Special.PASTE, "\033[200~");
        map.bind(KeyKind.PREVIOUS_ROOM, "\033[1;3D", "\033\033[D", "\033\033OD");
        map.bind(KeyKind.NEXT_ROOM, "\033[1;3C", "\033\033[C", "\033\033OC");
        map.bind(Special.SS3, "\033O");
        map.bind(KeyKind.ESC, KeyMap.esc());
        map.bind(KeyKind.ENTER, "\r", "\n");
        map.bind(KeyKind.TAB, "\t");
        map.bind(KeyKind.BACKSPACE, KeyMap.del(), KeyMap.ctrl('H'));
        map.bind(KeyKind.CTRL_A, KeyMap.ctrl('A'));
        map.bind(KeyKind.CTRL_E, KeyMap.ctrl('E'));
        map.bind(KeyKind.CTRL_W, KeyMap.ctrl('W'));
        map.bind(KeyKind.CTRL_U, KeyMap.ctrl('U'));
        map.bind(KeyKind.CTRL_L, KeyMap.ctrl('L'));
        map.bind(KeyKind.TOGGLE_MEMBERS, KeyMap.ctrl('N'));
        bind(map, terminal, KeyKind.LEFT, Capability.key_left, "\033[D", "\033OD");
        bind(map, terminal, KeyKind.RIGHT, Capability.key_right, "\033[C", "\033OC");
        bind(map, terminal, KeyKind.UP, Capability.key_up, "\033[A", "\033OA");
        bind(map, terminal, KeyKind.DOWN, Capability.key_down, "\033[B", "\033OB");
        bind(map, terminal, KeyKind.HOME, Capability.key_home, "\033[H", "\033OH", "\033[1~", "\033[7~");
        bind(map, terminal, KeyKind.END, Capability.key_end, "\033[F", "\033OF", "\033[4~", "\033[8~");
        bind(map, terminal, KeyKind.DELETE, Capability.key_dc, "\033[3~");
        bind(map, terminal, KeyKind.PAGE_UP, Capability.key_ppage, "\033[5~");
        bind(map, terminal, KeyKind.PAGE_DOWN, Capability.key_npage, "\033[6~");
        bind(map, terminal, KeyKind.TOGGLE_MEMBERS, Capability.key_f2, "\033OQ", "\033[12~");
        bind(map, terminal, KeyKind.TOGGLE_ROOM_LIST, Capability.key_f3, "\033OR", "\033[13~");
        map.bind(KeyKind.SCROLL_TOP, "\033[1;5H", "\033[1;3H", "\033[7^", "\033[1;5~");
        map.bind(KeyKind.SCROLL_BOTTOM, "\033[1;5F", "\033[1;3F", "\033[8^", "\033[4;5~");
        for (String prefix : new String[] {"\033[M", "\033[<"}) {
            map.bind(Special.MOUSE, prefix);
        }
        String mouse = terminal.getStringCapability(Capability.key_mouse);
        if (mouse != null && !mouse.isEmpty()) {
            map.bind(Special.MOUSE, mouse);
        }
        return map;
    }

    private static void bind(KeyMap<Object> map, Terminal terminal, KeyKind kind, Capability capability,
                             String... fallbacks) {
        String fromTerminfo = KeyMap.key(terminal, capability);
        if (fromTerminfo != null && !fromTerminfo.isEmpty()) {
            map.bind(kind, fromTerminfo);
        }
        map.bind(kind, fallbacks);
    }
}
