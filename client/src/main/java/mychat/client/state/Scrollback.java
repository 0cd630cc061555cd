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

    /**
     * Inserts a message fetched later (an older page, a lagged gap) where its id belongs among the messages of
     * its room: after the newest one with a smaller id, else before the oldest one with a larger id.
     */
    public void insertInOrder(Entry message) {
        int position = entries.size();
        for (int i = entries.size() - 1; i >= 0; i--) {
            Entry e = entries.get(i);
            if (e.id() > 0 && message.room().equals(e.room())) {
                if (e.id() < message.id()) {
                    position = i + 1;
                    break;
                }
                position = i;
            }
        }
        entries.add(position, message);
        if (entries.size() > MAX_ENTRIES) {
            entries.subList(0, entries.size() - MAX_ENTRIES).clear();
        }
    }

    /** Removes the pending entry of one of our messages once the server has confirmed it. */
    public void removePending(String cid) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            Entry e = entries.get(i);
            if (e.kind() == Entry.Kind.PENDING && cid.equals(e.cid())) {
                entries.remove(i);
                return;
            }
        }
    }

    /** Removes a delivered message (an operator deleted it). */
    public void removeMessage(String room, long id) {
        entries.removeIf(e -> e.id() == id && e.isMessage() && room.equals(e.room()));
    }

    public List<Entry> entries() {
        return entries;
    }

    /** Local time of day, HH:MM; a message not yet confirmed by the server shows an ellipsis instead. */
    public String time(Entry entry) {
        if (entry.kind() == Entry.Kind.PENDING) {
            return "  …  ";
        }
        return HH_MM.format(Instant.ofEpochMilli(entry.timeMillis()).atZone(zone));
    }

    /** What stands before the text on an entry's first row: time, then {@code <nick>} or a notice marker. */
    public String prefix(Entry entry) {
        if (entry.kind() == Entry.Kind.DIVIDER) {
            return "";
        }
        String who = entry.isMessage() ? "<" + TextLayout.sanitize(entry.nick()) + "> " : "-!- ";
        return time(entry) + " " + who;
    }

    /** Columns by which continuation rows are indented: under the text, unless the prefix is very wide. */
    public int indent(Entry entry, int width) {
        int prefix = TextLayout.width(prefix(entry));
        return prefix <= width / 2 ? prefix : Math.min(2, width - 1);
    }

    /**
     * The text of an entry wrapped to {@code width} columns, prefix excluded. When not even the first character
     * fits beside the prefix, the first row is empty and the text starts on the next one.
     */
    public List<String> rows(Entry entry, int width) {
        if (entry.kind() == Entry.Kind.DIVIDER) {
            return List.of(entry.text()); // drawn as one full-width rule
        }
        int beside = width - TextLayout.width(prefix(entry));
        int rest = width - indent(entry, width);
        List<String> rows = TextLayout.wrap(entry.text(), beside, rest);
        if (TextLayout.width(rows.getFirst()) > Math.max(0, beside)) {
            // The renderer would cut it off at the edge and the character would be lost.
            rows = new ArrayList<>(TextLayout.wrap(entry.text(), rest, rest));
            rows.addFirst("");
        }
        return rows;
    }

    public int totalRows(int width) {
        int total = 0;
        for (Entry entry : entries) {
            total += rows(entry, width).size();
        }
        return total;
    }
}
