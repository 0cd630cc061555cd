package mychat.client.state;

/** The keys the client reacts to, independent of how a terminal encodes them. */
public enum KeyKind {
    CHAR, ENTER, TAB, BACKSPACE, DELETE, LEFT, RIGHT, HOME, END, UP, DOWN,
    PAGE_UP, PAGE_DOWN, SCROLL_TOP, SCROLL_BOTTOM, WHEEL_UP, WHEEL_DOWN,
    ESC, CTRL_A, CTRL_E, CTRL_W, CTRL_U, CTRL_L, TOGGLE_MEMBERS,
    /** Alt-1 … Alt-9: the room numbered by the key's text. */
    GO_TO_ROOM,
    PREVIOUS_ROOM, NEXT_ROOM, TOGGLE_ROOM_LIST,
    /** A bracketed paste: the key's text is everything pasted, line breaks included. */
    PASTE
}
