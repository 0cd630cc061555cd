package mychat.client.state;

/** The keys the client reacts to, independent of how a terminal encodes them. */
public enum KeyKind {
    CHAR, ENTER, TAB, BACKSPACE, DELETE, LEFT, RIGHT, HOME, END, UP, DOWN,
    PAGE_UP, PAGE_DOWN, SCROLL_TOP, SCROLL_BOTTOM, WHEEL_UP, WHEEL_DOWN,
    ESC, CTRL_A, CTRL_E, CTRL_W, CTRL_U, CTRL_L, TOGGLE_MEMBERS
}
