package mychat.server.moderation;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import mychat.protocol.Rules;
import mychat.server.history.HistoryStore;
import mychat.server.hub.Hub;
import mychat.server.room.Room;
import mychat.server.room.RoomCommand;

/**
 * The operators' actions on a server alone: each is a command to the room, which carries it out in its own turn.
 * A message of a room that has no members (so no room object) is deleted in the store directly.
 */
public final class LocalModeration implements Moderation {
    private final Hub hub;
    private final HistoryStore store;

    public LocalModeration(Hub hub, HistoryStore store) {
        this.hub = hub;
        this.store = store;
    }

    @Override
    public CompletableFuture<List<RoomInfo>> rooms() {
        List<RoomInfo> rooms = new ArrayList<>();
        hub.forEachRoom(room -> {
            if (room.memberCount() > 0) {
                rooms.add(new RoomInfo(room.name(), room.memberCount()));
            }
        });
        rooms.sort((a, b) -> Rules.CODE_POINT_ORDER.compare(a.name(), b.name()));
        return CompletableFuture.completedFuture(rooms);
    }

    @Override
    public CompletableFuture<List<MemberInfo>> members(String name) {
        Room room = hub.find(name);
        if (room == null) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<List<RoomCommand.Present>> present = new CompletableFuture<>();
        room.tell(new RoomCommand.Members(present));
        return present.thenApply(list -> list.isEmpty() ? null : list.stream()
                .map(p -> new MemberInfo(p.nick(), null, p.address())).toList());
    }

    @Override
    public CompletableFuture<Outcome> kick(String name, String nick, String reason) {
        Room room = hub.find(name);
        if (room == null) {
            return CompletableFuture.completedFuture(Outcome.NO_SUCH_ROOM);
        }
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        room.tell(new RoomCommand.Kick(nick, reason, done));
        return done.thenApply(kicked -> kicked ? Outcome.DONE : Outcome.NO_SUCH_MEMBER);
    }

    @Override
    public CompletableFuture<Outcome> notice(String name, String text) {
        Room room = hub.find(name);
        if (room == null) {
            return CompletableFuture.completedFuture(Outcome.NO_SUCH_ROOM);
        }
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        room.tell(new RoomCommand.Notice(text, done));
        return done.thenApply(sent -> sent ? Outcome.DONE : Outcome.NO_SUCH_ROOM);
    }

    @Override
    public CompletableFuture<Outcome> deleteMessage(String name, long id) {
        Room room = hub.find(name);
        CompletableFuture<Boolean> done;
        if (room == null) {
            done = store.delete(name, id, Runnable::run);
        } else {
            done = new CompletableFuture<>();
            room.tell(new RoomCommand.DeleteMessage(id, done));
        }
        return done.thenApply(deleted -> deleted ? Outcome.DONE : Outcome.NO_SUCH_MESSAGE);
    }

    @Override
    public CompletableFuture<Outcome> close(String name, String reason) {
        Room room = hub.find(name);
        if (room == null) {
            return CompletableFuture.completedFuture(Outcome.NO_SUCH_ROOM);
        }
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        room.tell(new RoomCommand.Close(reason, done));
        return done.thenApply(closed -> closed ? Outcome.DONE : Outcome.NO_SUCH_ROOM);
    }
}
