package mychat.client.state;

import java.util.function.LongSupplier;

/**
 * Adds lines to the scroll-back, stamped with the client's clock, and tells the scroll position about them so that
 * a user who scrolled up keeps reading where they were.
 */
final class Feed {
    private final Scrollback scrollback;
    private final ScrollPosition scroll;
    private final LongSupplier clock;

    Feed(Scrollback scrollback, ScrollPosition scroll, LongSupplier clock) {
        this.scrollback = scrollback;
        this.scroll = scroll;
        this.clock = clock;
    }

    long now() {
        return clock.getAsLong();
    }

    void info(String text) {
        add(new Entry(Entry.Kind.INFO, now(), null, text));
    }

    void warning(String text) {
        add(new Entry(Entry.Kind.WARNING, now(), null, text));
    }

    void error(String text) {
        add(new Entry(Entry.Kind.ERROR, now(), null, text));
    }

    void add(Entry entry) {
        scrollback.add(entry);
        scroll.appended(entry);
    }
}
