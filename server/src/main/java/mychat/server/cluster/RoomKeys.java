package mychat.server.cluster;

import mychat.protocol.Rules;

/**
 * The Redis names of one room: {@code chat:{ROOM}:state} (a hash: last id, last event number, last message time),
 * {@code chat:{ROOM}:log} (the message stream, entry id {@code <message id>-0}), {@code chat:{ROOM}:members} (a
 * hash: nick key to token and nick), {@code chat:{ROOM}:cid:<nick key>\n<cid>} (a message's id for its cid's
 * window) and the pub/sub channel {@code chat:{ROOM}:events}. The braces make the room name the hash tag, so all
 * of a room's keys share one slot (what a script over them needs under Redis Cluster); the name is escaped so that
 * it cannot end the tag early: {@code %}, <code>{</code> and <code>}</code> become {@code %25}, {@code %7B},
 * {@code %7D}.
 */
record RoomKeys(String room, String state, String log, String members, String channel, String prefix) {
    private static final String CHANNEL_SUFFIX = "}:events";

    static RoomKeys of(String room) {
        String prefix = "chat:{" + escape(room) + "}:";
        return new RoomKeys(room, prefix + "state", prefix + "log", prefix + "members", prefix + "events", prefix);
    }

    String cid(String nickKey, String cid) {
        return prefix + "cid:" + nickKey + "\n" + cid;
    }

    /** The room a channel name belongs to, or null for a channel that is not a room's. */
    static String roomOfChannel(String channel) {
        if (!channel.startsWith("chat:{") || !channel.endsWith(CHANNEL_SUFFIX)) {
            return null;
        }
        return unescape(channel.substring(6, channel.length() - CHANNEL_SUFFIX.length()));
    }

    /** The room a members key belongs to (keys found by SCAN), or null. */
    static String roomOfMembersKey(String key) {
        String suffix = "}:members";
        if (!key.startsWith("chat:{") || !key.endsWith(suffix)) {
            return null;
        }
        String room = unescape(key.substring(6, key.length() - suffix.length()));
        return Rules.checkRoom(room).isEmpty() ? room : null; // a cid key can end like a members key
    }

    static String escape(String room) {
        if (room.indexOf('%') < 0 && room.indexOf('{') < 0 && room.indexOf('}') < 0) {
            return room;
        }
        return room.replace("%", "%25").replace("{", "%7B").replace("}", "%7D");
    }

    static String unescape(String escaped) {
        if (escaped.indexOf('%') < 0) {
            return escaped;
        }
        return escaped.replace("%7B", "{").replace("%7D", "}").replace("%25", "%");
    }
}
