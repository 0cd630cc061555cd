package mychat.server.history;

import java.util.Objects;

/**
 * An operator's ban: a nick (compared case-insensitively) or an address may not join {@code room}, or any room when
 * {@code room} is null, until {@code expiresMillis} (null: for good). Exactly one of {@code nick} and
 * {@code address} is set. {@code id} is given by the store (0 before it is stored).
 *
 * @param address an IP address in its textual form ({@code 192.0.2.7}, {@code 2001:db8::1})
 */
public record Ban(long id, String nick, String address, String room, long createdMillis, Long expiresMillis,
                  String reason) {
    public Ban {
        if ((nick == null) == (address == null)) {
            throw new IllegalArgumentException("a ban names a nick or an address");
        }
        Objects.requireNonNull(reason, "reason");
    }

    public Ban withId(long newId) {
        return new Ban(newId, nick, address, room, createdMillis, expiresMillis, reason);
    }

    public boolean expiredAt(long nowMillis) {
        return expiresMillis != null && expiresMillis <= nowMillis;
    }
}
