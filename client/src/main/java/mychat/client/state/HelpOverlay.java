package mychat.client.state;

/**
 * The help screen over the message area: whether it is shown, how far it is scrolled, and the keys it takes while
 * shown (all of them: typing does not reach the input line behind it).
 */
final class HelpOverlay {
    private boolean visible;
    /** First help line shown, when the help is taller than the screen. */
    private int scroll;

    boolean visible() {
        return visible;
    }

    int scroll() {
        return scroll;
    }

    void open() {
        visible = true;
        scroll = 0;
    }

    /** A key while the help is shown; {@code page} is the height of the message area. */
    void onKey(Input.Key key, int page) {
        switch (key.kind()) {
            case ESC, ENTER -> visible = false;
            case CHAR -> visible = !(key.text().equals("q") || key.text().equals("?"));
            case UP, WHEEL_UP -> scroll = Math.max(0, scroll - 1);
            case DOWN, WHEEL_DOWN -> scroll++;
            case PAGE_UP -> scroll = Math.max(0, scroll - page);
            case PAGE_DOWN -> scroll += page;
            case HOME, SCROLL_TOP -> scroll = 0;
            default -> { }
        }
    }
}
