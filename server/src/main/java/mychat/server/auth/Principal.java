package mychat.server.auth;

import java.time.Instant;
import java.util.List;

/**
 * Who a verified token says the user is.
 *
 * @param subject   the token's {@code sub} (or the nick when there is none): a refreshed token must have the same
 * @param nick      the nick to use in every room ({@code nick} claim, else {@code sub})
 * @param rooms     room names and {@code prefix*} patterns the user may join; null when unrestricted
 * @param expiresAt when the token expires; null when it does not
 */
public record Principal(String subject, String nick, List<String> rooms, Instant expiresAt) {

    public boolean mayJoin(String room) {
        if (rooms == null) {
            return true;
        }
        for (String pattern : rooms) {
            if (pattern.endsWith("*") ? room.startsWith(pattern.substring(0, pattern.length() - 1))
                    : room.equals(pattern)) {
                return true;
            }
        }
        return false;
    }
}
