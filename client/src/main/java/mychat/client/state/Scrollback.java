package mychat.client.state;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The entries shown in the message area, oldest first, and how each one wraps into rows. Keeps at most
 * {@link #MAX_ENTRIES}; older ones fall off the top.
 */
public final class Scrollback {
    static final int MAX_ENTRIES = 10_000;
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    private final List<Entry> entries = new ArrayList<>();
    private final ZoneId zone;

    public Scrollback(ZoneId zone) {
        this.zone = zone;
    }

    public void add(Entry entry) {
        entries.add(entry);
        if (entries.size() > MAX_ENTRIES) {
            entries.subList(0, entries.size() - MAX_ENTRIES).clear();
        }
    }

    public void clear() {
        entries.clear();
    }

    public List<Entry> entries() {
        return entries;
    }

    /** Local time of day, HH:MM. */
    public String time(Entry entry) {
        return HH_MM.format(Instant.ofEpochMilli(entry.timeMillis()).atZone(zone));
    }

    /** What stands before the text on an entry's first row: time, then {@code <nick>} or a notice marker. */
    public String prefix(Entry entry) {
        String who = entry.isMessage() ? "<" + TextLayout.sanitize(entry.nick()) + "> " : "-!- ";
        return time(entry) + " " + who;
    }

    /** Columns by which continuation rows are indented: under the text, unless the prefix is very wide. */
    public int indent(Entry entry, int width) {
        int prefix = TextLayout.width(prefix(entry));
        return prefix <= width / 2 ? prefix : Math.min(2, width - 1);
    }

    /** The text of an entry wrapped to {@code width} columns, prefix excluded. */
    public List<String> rows(Entry entry, int width) {
        int prefix = TextLayout.width(prefix(entry));
        return TextLayout.wrap(entry.text(), width - prefix, width - indent(entry, width));
    }

    public int totalRows(int width) {
        int total = 0;
        for (Entry entry : entries) {
            total += rows(entry, width).size();
        }
        return total;
    }
}
