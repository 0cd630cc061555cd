package mychat.client.state;

import java.util.ArrayList;
import java.util.List;
import mychat.protocol.Rules;

/**
 * Cuts a text over the server's size limit into messages that fit, at line breaks where it can: each message
 * takes as many whole lines as fit, and a single line too long for one message is cut between code points.
 */
final class MessageSplitter {
    private MessageSplitter() {}

    static List<String> split(String text, int maxBytes) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            String candidate = current.isEmpty() ? line : current + "\n" + line;
            if (Rules.utf8Length(candidate) <= maxBytes) {
                current.setLength(0);
                current.append(candidate);
                continue;
            }
            flush(current, parts);
            for (String piece : cut(line, maxBytes)) {
                flush(current, parts);
                current.append(piece);
            }
        }
        flush(current, parts);
        return parts;
    }

    private static void flush(StringBuilder current, List<String> parts) {
        if (!current.toString().isBlank()) {
            parts.add(current.toString());
        }
        current.setLength(0);
    }

    /** A line cut into pieces of at most {@code maxBytes}, never inside a code point. */
    private static List<String> cut(String line, int maxBytes) {
        List<String> pieces = new ArrayList<>();
        int start = 0;
        int bytes = 0;
        for (int i = 0; i < line.length(); ) {
            int cp = line.codePointAt(i);
            int size = Rules.utf8Length(new String(Character.toChars(cp)));
            if (bytes + size > maxBytes) {
                pieces.add(line.substring(start, i));
                start = i;
                bytes = 0;
            }
            bytes += size;
            i += Character.charCount(cp);
        }
        pieces.add(line.substring(start));
        return pieces;
    }
}
