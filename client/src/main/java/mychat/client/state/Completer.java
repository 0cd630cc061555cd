package mychat.client.state;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Tab completion of command names (first word, starting with {@code /}) and of nicks in the room. Pressing Tab
 * again cycles through the candidates; any other key ends the cycle.
 */
public final class Completer {
    private List<String> candidates = List.of();
    private int next;
    private String before = "";
    private String after = "";
    private String suffix = "";

    /** True while a Tab cycle is in progress. */
    public boolean isCycling() {
        return !candidates.isEmpty();
    }

    public void reset() {
        candidates = List.of();
    }

    /** Completes at the editor's cursor; returns false when nothing matches. */
    public boolean complete(LineEditor editor, Collection<String> nicks) {
        if (!isCycling() && !start(editor, nicks)) {
            return false;
        }
        String choice = candidates.get(next);
        next = (next + 1) % candidates.size();
        String completed = before + choice + suffix;
        editor.set(completed + after, completed.length());
        return true;
    }

    private boolean start(LineEditor editor, Collection<String> nicks) {
        String line = editor.text();
        int cursor = editor.cursor();
        int wordStart = cursor;
        while (wordStart > 0 && !Character.isWhitespace(line.charAt(wordStart - 1))) {
            wordStart--;
        }
        String prefix = line.substring(wordStart, cursor);
        before = line.substring(0, wordStart);
        after = line.substring(cursor);
        List<String> found = new ArrayList<>();
        if (wordStart == 0 && prefix.startsWith("/")) {
            for (String name : Command.NAMES) {
                if (name.startsWith(prefix)) {
                    found.add(name);
                }
            }
            suffix = " ";
        } else {
            String lower = prefix.toLowerCase(Locale.ROOT);
            for (String nick : nicks) {
                if (nick.toLowerCase(Locale.ROOT).startsWith(lower)) {
                    found.add(nick);
                }
            }
            found.sort(String.CASE_INSENSITIVE_ORDER);
            suffix = wordStart == 0 ? ": " : " ";
        }
        if (!after.isEmpty() && after.startsWith(" ")) {
            suffix = suffix.strip();
        }
        candidates = found;
        next = 0;
        return !found.isEmpty();
    }
}
