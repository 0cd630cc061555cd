package mychat.client.state;

/** Whether a message mentions a nick: the nick as a whole word, in any letter case. */
public final class Mentions {
    private Mentions() {}

    public static boolean in(String text, String nick) {
        if (nick == null || nick.isEmpty()) {
            return false;
        }
        String haystack = text.toLowerCase(java.util.Locale.ROOT);
        String needle = nick.toLowerCase(java.util.Locale.ROOT);
        for (int at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
            int end = at + needle.length();
            if ((at == 0 || !wordChar(haystack.codePointBefore(at)))
                    && (end == haystack.length() || !wordChar(haystack.codePointAt(end)))) {
                return true;
            }
        }
        return false;
    }

    private static boolean wordChar(int codePoint) {
        return Character.isLetterOrDigit(codePoint) || codePoint == '_' || codePoint == '-';
    }
}
