package mychat.client.state;

import java.util.function.Supplier;

/**
 * Where the message area is scrolled: rows up from the newest line (0 follows new messages), and how many
 * messages arrived below the view meanwhile. While scrolled up, new lines do not move what the user reads.
 */
final class ScrollPosition {
    private final Scrollback scrollback;
    private final Supplier<Viewport> viewport;
    private int offset;
    private int unseen;

    ScrollPosition(Scrollback scrollback, Supplier<Viewport> viewport) {
        this.scrollback = scrollback;
        this.viewport = viewport;
    }

    int offset() {
        return offset;
    }

    int unseen() {
        return unseen;
    }

    boolean atTop() {
        return offset >= max();
    }

    /** Within a page of the top: time to fetch older lines, so they are there before the user gets to them. */
    boolean nearTop() {
        return offset + page() >= max();
    }

    /** Rows one PageUp/PageDown moves: a screen minus one line of overlap. */
    int page() {
        return Math.max(1, viewport.get().messageHeight() - 1);
    }

    void by(int rows) {
        to(offset + rows);
    }

    void toTop() {
        to(Integer.MAX_VALUE);
    }

    void toBottom() {
        to(0);
    }

    /** Called after {@code entry} was appended: keeps the view on the same lines while scrolled up. */
    void appended(Entry entry) {
        if (offset > 0) {
            offset += scrollback.rows(entry, viewport.get().messageWidth()).size();
            if (entry.isMessage()) {
                unseen++;
            }
            clamp();
        }
    }

    /** After the content or the geometry changed. */
    void clamp() {
        if (offset == 0) {
            return;
        }
        offset = Math.min(offset, max());
        if (offset == 0) {
            unseen = 0;
        }
    }

    void reset() {
        offset = 0;
        unseen = 0;
    }

    private void to(int rows) {
        offset = Math.max(0, rows);
        clamp();
        if (offset == 0) {
            unseen = 0;
        }
    }

    private int max() {
        Viewport vp = viewport.get();
        return Math.max(0, scrollback.totalRows(vp.messageWidth()) - vp.messageHeight());
    }
}
