package mychat.client.state;

/**
 * The screen's geometry: the message area on the left, an optional member panel on the right, then the status
 * bar and the input line at the bottom.
 */
public record Viewport(int rows, int cols, boolean membersShown) {
    /** Below this width the member panel would crowd out the messages, so it hides itself. */
    static final int MIN_COLS_FOR_PANEL = 60;

    public boolean panelVisible() {
        return membersShown && cols >= MIN_COLS_FOR_PANEL;
    }

    /** Width of the member panel, without its separator column. */
    public int panelWidth() {
        return panelVisible() ? Math.min(24, Math.max(12, cols / 5)) : 0;
    }

    public int messageWidth() {
        return Math.max(1, cols - (panelVisible() ? panelWidth() + 1 : 0));
    }

    public int messageHeight() {
        return Math.max(1, rows - 2);
    }
}
