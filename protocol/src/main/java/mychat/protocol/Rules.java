package mychat.protocol;

import java.util.Comparator;
import java.util.Optional;

/**
 * Every content rule of the protocol, in one place. Checks return the {@link ErrorCode} to answer with, or empty
 * when the value is acceptable. Values are never normalised or trimmed: what passes is relayed exactly as sent.
 */
public final class Rules {

    /** Code point order, used for every sorted list on the wire (differs from {@link String#compareTo} only
     * where supplementary characters meet U+E000..U+FFFF). */
    public static final Comparator<String> CODE_POINT_ORDER = Rules::compareCodePoints;

    private Rules() {}

    public static Optional<ErrorCode> checkNick(String nick) {
        return isName(nick, Limits.MAX_NICK_CHARS) ? Optional.empty() : Optional.of(ErrorCode.INVALID_NICK);
    }

    public static Optional<ErrorCode> checkRoom(String room) {
        return isName(room, Limits.MAX_ROOM_CHARS) ? Optional.empty() : Optional.of(ErrorCode.INVALID_ROOM);
    }

    /** A message text: not blank, at most {@link Limits#MAX_TEXT_BYTES} UTF-8 bytes. */
    public static Optional<ErrorCode> checkText(String text) {
        if (utf8Length(text) > Limits.MAX_TEXT_BYTES) {
            return Optional.of(ErrorCode.TOO_LONG);
        }
        if (isBlank(text)) {
            return Optional.of(ErrorCode.EMPTY_MESSAGE);
        }
        return Optional.empty();
    }

    /**
     * The key under which nicks are compared: two nicks collide when their keys are equal. Folds each code point
     * the way {@link String#equalsIgnoreCase} does, so "Alice" and "aLICE" collide but "ß" and "ss" do not.
     */
    public static String nickKey(String nick) {
        StringBuilder key = new StringBuilder(nick.length());
        nick.codePoints().forEach(cp -> key.appendCodePoint(Character.toLowerCase(Character.toUpperCase(cp))));
        return key.toString();
    }

    /** The length of {@code s} encoded as UTF-8, without encoding it. Assumes well-formed surrogate pairs. */
    public static int utf8Length(CharSequence s) {
        int bytes = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** True when {@code s} holds a high surrogate without its low half, or a low one without its high half. */
    public static boolean hasUnpairedSurrogate(CharSequence s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == n || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return true;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isName(String name, int maxCodePoints) {
        if (name.isEmpty() || name.codePointCount(0, name.length()) > maxCodePoints) {
            return false;
        }
        return name.codePoints().noneMatch(Rules::isForbiddenInName);
    }

    /** Whitespace, controls, and invisible format characters except the joiners emoji and some scripts need. */
    private static boolean isForbiddenInName(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || Character.isISOControl(cp)
                || Character.getType(cp) == Character.FORMAT && cp != 0x200D && cp != 0x200C;
    }

    /** A loop rather than a code point stream: this runs for every message sent, and the stream allocated. */
    private static boolean isBlank(String text) {
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (!(Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0x200B || cp == 0xFEFF)) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
