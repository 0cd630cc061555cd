package mychat.client.state;

import java.text.BreakIterator;

/**
 * The input line: text and a cursor that moves by user-perceived characters (grapheme clusters), so an emoji,
 * a flag or a letter with combining accents is stepped over and deleted as one.
 */
public final class LineEditor {
    private final StringBuilder text = new StringBuilder();
    /** Cursor position as a UTF-16 index, always on a grapheme boundary. */
    private int cursor;

    public String text() {
        return text.toString();
    }

    public int cursor() {
        return cursor;
    }

    public boolean isEmpty() {
        return text.isEmpty();
    }

    /** Replaces the whole line and puts the cursor at its end. */
    public void set(String line) {
        text.setLength(0);
        text.append(line);
        cursor = text.length();
    }

    public void set(String line, int cursorIndex) {
        set(line);
        cursor = Math.max(0, Math.min(cursorIndex, text.length()));
    }

    public void clear() {
        set("");
    }

    public void insert(String typed) {
        text.insert(cursor, typed);
        cursor += typed.length();
    }

    public void left() {
        cursor = previousBoundary(cursor);
    }

    public void right() {
        cursor = nextBoundary(cursor);
    }

    public void home() {
        cursor = 0;
    }

    public void end() {
        cursor = text.length();
    }

    public void backspace() {
        int from = previousBoundary(cursor);
        text.delete(from, cursor);
        cursor = from;
    }

    public void delete() {
        text.delete(cursor, nextBoundary(cursor));
    }

    /** Ctrl-W: deletes the word before the cursor, and the spaces between it and the cursor. */
    public void deleteWordBefore() {
        int from = cursor;
        while (from > 0 && Character.isWhitespace(text.charAt(from - 1))) {
            from--;
        }
        while (from > 0 && !Character.isWhitespace(text.charAt(from - 1))) {
            from--;
        }
        text.delete(from, cursor);
        cursor = from;
    }

    private int previousBoundary(int index) {
        if (index <= 0) {
            return 0;
        }
        BreakIterator graphemes = graphemes();
        int b = graphemes.preceding(index);
        return b == BreakIterator.DONE ? 0 : b;
    }

    private int nextBoundary(int index) {
        if (index >= text.length()) {
            return text.length();
        }
        BreakIterator graphemes = graphemes();
        int b = graphemes.following(index);
        return b == BreakIterator.DONE ? text.length() : b;
    }

    private BreakIterator graphemes() {
        BreakIterator it = BreakIterator.getCharacterInstance();
        it.setText(text.toString());
        return it;
    }
}
