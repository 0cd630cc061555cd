package mychat.server.cluster;

import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import mychat.protocol.Rules;
import mychat.server.hub.Hub;
import mychat.server.moderation.Moderation;
import mychat.server.room.Room;
import mychat.server.room.RoomCommand;

/**
 * The operators' actions in a cluster. Each is one function call on Redis ({@code moderate.lua}) that changes the
 * shared room and publishes an event numbered in the room's order, so every node carries it out at the same place
 * in the room's history, whichever node the operator asked. Members are listed from Redis with their node; their
 * addresses only for this node's own connections (the others' are not shared).
 */
final class SharedModeration implements Moderation {
    private final RedisRooms rooms;
    private final RoomNames names;
    private final RedisAsyncCommands<String, String> redis;
    private final Supplier<Hub> hub;

    SharedModeration(RedisRooms rooms, RoomNames names, RedisAsyncCommands<String, String> redis, Supplier<Hub> hub) {
        this.rooms = rooms;
        this.names = names;
        this.redis = redis;
        this.hub = hub;
    }

    @Override
    public CompletableFuture<List<RoomInfo>> rooms() {
        return names.get().thenCompose(list -> {
            List<CompletableFuture<RoomInfo>> counts = new ArrayList<>();
            for (String name : list.stream().sorted(Rules.CODE_POINT_ORDER).toList()) {
                counts.add(redis.hlen(RoomKeys.of(name).members()).toCompletableFuture()
                        .thenApply(n -> new RoomInfo(name, n.intValue())));
            }
            return CompletableFuture.allOf(counts.toArray(CompletableFuture[]::new)).thenApply(all -> counts.stream()
                    .map(CompletableFuture::join).filter(room -> room.members() > 0).toList());
        });
    }

    @Override
    public CompletableFuture<List<MemberInfo>> members(String room) {
        CompletableFuture<List<RoomCommand.Present>> here = new CompletableFuture<>();
        Room local = hub.get() == null ? null : hub.get().find(room);
        if (local == null) {
            here.complete(List.of());
        } else {
            local.tell(new RoomCommand.Members(here));
        }
        return redis.hvals(RoomKeys.of(room).members()).toCompletableFuture().thenCombine(here, (values, present) -> {
            if (values.isEmpty()) {
                return null;
            }
            Map<String, String> addresses = new HashMap<>();
            present.forEach(p -> addresses.put(p.nick(), p.address()));
            List<MemberInfo> members = new ArrayList<>();
            for (String value : values) { // token TAB nick; a token is <node id>/<n>
                int tab = value.indexOf('\t');
                String token = value.substring(0, tab);
                String nick = value.substring(tab + 1);
                members.add(new MemberInfo(nick, token.substring(0, token.indexOf('/')), addresses.get(nick)));
            }
            members.sort((a, b) -> Rules.CODE_POINT_ORDER.compare(a.nick(), b.nick()));
            return members;
        });
    }

    @Override
    public CompletableFuture<Outcome> kick(String room, String nick, String reason) {
        return rooms.moderate(room, "kick", Rules.nickKey(nick), reason)
                .thenApply(r -> r.equals("ok") ? Outcome.DONE : Outcome.NO_SUCH_MEMBER);
    }

    @Override
    public CompletableFuture<Outcome> notice(String room, String text) {
        return rooms.moderate(room, "notice", text)
                .thenApply(r -> r.equals("ok") ? Outcome.DONE : Outcome.NO_SUCH_ROOM);
    }

    @Override
    public CompletableFuture<Outcome> deleteMessage(String room, long id) {
        return rooms.moderate(room, "delete", String.valueOf(id))
                .thenApply(r -> r.equals("ok") ? Outcome.DONE : Outcome.NO_SUCH_MESSAGE);
    }

    @Override
    public CompletableFuture<Outcome> close(String room, String reason) {
        return rooms.moderate(room, "close", reason)
                .thenApply(r -> r.equals("ok") ? Outcome.DONE : Outcome.NO_SUCH_ROOM);
    }
}
