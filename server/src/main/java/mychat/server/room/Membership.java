package mychat.server.room;

import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import mychat.protocol.Rules;

/**
 * Who is in a room, indexed three ways: by connection, by case-folded nick (to refuse duplicates), and in code
 * point order of nick (for {@code Joined}). The list keeps broadcast iteration cheap; removal swaps with the last
 * entry. Owned by the room's event loop.
 */
final class Membership {
    private final Map<Channel, Member> byChannel = new HashMap<>();
    private final Map<String, Member> byNickKey = new HashMap<>();
    private final TreeMap<String, Member> byNick = new TreeMap<>(Rules.CODE_POINT_ORDER);
    private final List<Member> members = new ArrayList<>();

    Member of(Channel channel) {
        return byChannel.get(channel);
    }

    /** The member using {@code nick} under case folding, or null. */
    Member holding(String nick) {
        return byNickKey.get(Rules.nickKey(nick));
    }

    /** Nicks in code point order. */
    List<String> nicks() {
        return List.copyOf(byNick.keySet());
    }

    /** For iteration in a broadcast; MUST NOT be modified by the caller. */
    List<Member> list() {
        return members;
    }

    int size() {
        return members.size();
    }

    boolean isEmpty() {
        return members.isEmpty();
    }

    Member add(Channel channel, String nick) {
        Member m = new Member(channel, nick);
        m.index = members.size();
        members.add(m);
        byChannel.put(channel, m);
        byNickKey.put(Rules.nickKey(nick), m);
        byNick.put(nick, m);
        return m;
    }

    void rename(Member m, String nick) {
        byNickKey.remove(Rules.nickKey(m.nick));
        byNick.remove(m.nick);
        m.nick = nick;
        byNickKey.put(Rules.nickKey(nick), m);
        byNick.put(nick, m);
    }

    void remove(Member m) {
        int last = members.size() - 1;
        Member moved = members.get(last);
        members.set(m.index, moved);
        moved.index = m.index;
        members.remove(last);
        byChannel.remove(m.channel);
        byNickKey.remove(Rules.nickKey(m.nick));
        byNick.remove(m.nick);
    }
}
