package mychat.client.state;

import java.util.ArrayList;
import java.util.List;

/** Lines the user entered, walked with Up and Down like a shell's history; the unfinished line is kept aside. */
public final class InputHistory {
    private static final int MAX = 500;

    private final List<String> lines = new ArrayList<>();
    /** Position while browsing; {@code lines.size()} means "not browsing". */
    private int position;
    private String draft = "";

    public void add(String line) {
        if (!line.isBlank() && (lines.isEmpty() || !lines.getLast().equals(line))) {
            lines.add(line);
            if (lines.size() > MAX) {
                lines.removeFirst();
            }
        }
        position = lines.size();
        draft = "";
    }

    /** The older line to show, or null when there is none; {@code current} is kept as the draft. */
    public String older(String current) {
        if (position == 0) {
            return null;
        }
        if (position == lines.size()) {
            draft = current;
        }
        position--;
        return lines.get(position);
    }

    /** The newer line to show (the draft after the newest), or null when not browsing. */
    public String newer() {
        if (position >= lines.size()) {
            return null;
        }
        position++;
        return position == lines.size() ? draft : lines.get(position);
    }
}
