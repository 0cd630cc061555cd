package mychat.client.state;

import java.util.ArrayList;
import java.util.List;
import org.jline.utils.WCWidth;

/**
 * Display widths and line wrapping, by terminal columns: CJK and emoji take two columns, combining marks none.
 * Also makes untrusted text safe to print: control characters become visible symbols, so no message can send
 * escape sequences to the terminal.
 */
public final class TextLayout {
    private TextLayout() {}

    /** Columns a code point takes; control characters (after {@link #sanitize}, none) count as one. */
    public static int width(int codePoint) {
        int w = WCWidth.wcwidth(codePoint);
        return w < 0 ? 1 : w;
    }

    public static int width(String s) {
        int total = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            total += width(cp);
            i += Character.charCount(cp);
        }
        return total;
    }

    /**
     * Replaces what a terminal would interpret: C0 controls become their Unicode "control pictures" (␛ for ESC),
     * DEL and C1 controls become U+FFFD, tabs become a space. Newlines are kept; {@link #wrap} breaks lines there.
     */
    public static String sanitize(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            char replacement;
            if (c == '\n') {
                continue;
            } else if (c == '\t') {
                replacement = ' ';
            } else if (c < 0x20) {
                replacement = (char) (0x2400 + c);
            } else if (c >= 0x7F && c <= 0x9F) {
                replacement = '\uFFFD';
            } else {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(s);
            }
            out.setCharAt(i, replacement);
        }
        return out == null ? s : out.toString();
    }

    /**
     * Breaks {@code text} into rows: the first at most {@code firstWidth} columns, the rest at most
     * {@code restWidth}. Breaks after a space when it can, inside a word when it must, and at every newline;
     * spaces that do not fit at the end of a row are the break and are not carried to the next row.
     * Never splits a code point; a character wider than a row gets a row of its own.
     */
    public static List<String> wrap(String text, int firstWidth, int restWidth) {
        List<String> rows = new ArrayList<>();
        String safe = sanitize(text);
        int limit = Math.max(1, firstWidth);
        for (String paragraph : safe.split("\n", -1)) {
            int start = 0;
            while (true) {
                int used = 0;
                int i = start;
                int lastBreak = -1;
                while (i < paragraph.length()) {
                    int cp = paragraph.codePointAt(i);
                    int w = width(cp);
                    if (used + w > limit && i > start) {
                        break;
                    }
                    used += w;
                    i += Character.charCount(cp);
                    if (cp == ' ') {
                        lastBreak = i;
                    }
                }
                if (i >= paragraph.length()) {
                    rows.add(paragraph.substring(start));
                    break;
                }
                int end = lastBreak > start ? lastBreak : i;
                if (paragraph.charAt(i) == ' ') {
                    end = i; // the space that does not fit is the break itself: no row of its own
                }
                rows.add(paragraph.substring(start, end));
                start = end;
                while (start < paragraph.length() && paragraph.charAt(start) == ' ') {
                    start++;
                }
                if (start == paragraph.length()) {
                    break;
                }
                limit = Math.max(1, restWidth);
            }
            limit = Math.max(1, restWidth);
        }
        return rows;
    }

    /** Cuts {@code s} to at most {@code columns} columns, ending with "…" when something was cut. */
    public static String truncate(String s, int columns) {
        if (width(s) <= columns) {
            return s;
        }
        StringBuilder out = new StringBuilder();
        int used = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int w = width(cp);
            if (used + w > columns - 1) {
                break;
            }
            out.appendCodePoint(cp);
            used += w;
            i += Character.charCount(cp);
        }
        return columns >= 1 ? out.append('…').toString() : "";
    }
}
