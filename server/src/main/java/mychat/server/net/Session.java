package mychat.server.net;

import io.netty.channel.Channel;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import mychat.protocol.ClientRequest;
import mychat.protocol.ErrorCode;
import mychat.protocol.Rules;
import mychat.protocol.ServerEvent;
import mychat.server.hub.Hub;
import mychat.server.room.Room;
import mychat.server.room.RoomCommand;
import mychat.server.wire.Frames;

/**
 * One connection's place in the chat: which room it is in, and what each request turns into. Runs only on the
 * connection's event loop.
 *
 * <p>Ordering guarantee: a connection receives answers and room events in the order its requests caused them.
 * Three rules give that:
 * <ol>
 *   <li>Once a connection has talked to a room, its answers (errors, room lists) go through that room's mailbox,
 *       behind whatever the room still has to send it.</li>
 *   <li>A join counts as done the moment it is sent: a {@code SendMsg} right behind a {@code Join} lands in the
 *       same mailbox after it, and the room itself answers {@code not_in_room} if the join was refused.</li>
 *   <li>Switching to another room waits until the previous room has handled this connection's last command
 *       (leaving it); requests arriving meanwhile wait in order, and reading pauses. So nothing from the old room
 *       can arrive after {@code Joined} for the new one.</li>
 * </ol>
 */
final class Session {
    private final Channel channel;
    private final Hub hub;
    /** The room joined or being joined; null when in no room. */
    private Room room;
    /** The last room this connection sent a command to: answers go through it to keep their order. */
    private Room lastRoom;
    /** Requests that arrived while switching rooms, in arrival order. */
    private final Queue<Runnable> waiting = new ArrayDeque<>();
    private boolean switching;
    private boolean disconnected;

    Session(Channel channel, Hub hub) {
        this.channel = channel;
        this.hub = hub;
    }

    void onRequest(ClientRequest request) {
        if (switching) {
            waiting.add(() -> onRequest(request));
            return;
        }
        switch (request) {
            case ClientRequest.ListRooms r -> reply(() -> new ServerEvent.RoomList(hub.roomNames()));
            case ClientRequest.Join r -> join(r.room(), r.nick(), r.since());
            case ClientRequest.SendMsg r -> say(r.text(), r.cid());
            case ClientRequest.Leave r -> leave();
            case ClientRequest.History r -> history(r);
        }
    }

    void onMalformed(String reason) {
        if (switching) {
            waiting.add(() -> onMalformed(reason));
            return;
        }
        reply(ServerEvent.Error.of(ErrorCode.BAD_REQUEST, reason));
    }

    /** The connection is gone: leave silently (the room announces {@code UserLeft}). */
    void onDisconnect() {
        disconnected = true;
        waiting.clear();
        if (room != null && !switching) {
            room.tell(new RoomCommand.Leave(channel, false, null));
        }
        room = null;
    }

    /** Whether reading should pause: while switching rooms, requests must wait anyway. */
    boolean isSwitching() {
        return switching;
    }

    private void join(String roomName, String nick, Long since) {
        var problem = Rules.checkRoom(roomName).or(() -> Rules.checkNick(nick));
        if (problem.isPresent()) {
            reply(ServerEvent.Error.of(problem.get()));
            return;
        }
        Room target = hub.roomForJoin(roomName);
        CompletableFuture<Boolean> isMember = new CompletableFuture<>();
        RoomCommand.Join command = new RoomCommand.Join(channel, nick, since, isMember);
        isMember.thenAcceptAsync(member -> {
            if (!member && room == target) {
                room = null;
            }
        }, channel.eventLoop());
        Room previous = lastRoom;
        room = target;
        lastRoom = target;
        if (previous == null || previous == target) {
            target.tell(command);
            return;
        }
        switching = true;
        SessionHandler.updateAutoRead(channel, this);
        CompletableFuture<Void> left = new CompletableFuture<>();
        previous.tell(new RoomCommand.Leave(channel, false, left));
        left.thenRunAsync(() -> finishSwitch(target, command), channel.eventLoop());
    }

    private void finishSwitch(Room target, RoomCommand.Join command) {
        switching = false;
        if (disconnected) {
            hub.cancelJoin(target);
            return;
        }
        target.tell(command);
        while (!switching && !waiting.isEmpty()) {
            waiting.poll().run();
        }
        SessionHandler.updateAutoRead(channel, this);
    }

    private void say(String text, String cid) {
        if (room == null) {
            reply(ServerEvent.Error.of(ErrorCode.NOT_IN_ROOM));
            return;
        }
        var problem = Rules.checkText(text);
        if (problem.isPresent()) {
            reply(ServerEvent.Error.of(problem.get()));
            return;
        }
        room.tell(new RoomCommand.Say(channel, text, cid));
    }

    private void history(ClientRequest.History request) {
        if (room == null) {
            reply(ServerEvent.Error.of(ErrorCode.NOT_IN_ROOM));
            return;
        }
        room.tell(new RoomCommand.History(channel, request.before(), request.after(), request.limit()));
    }

    private void leave() {
        if (room == null) {
            reply(ServerEvent.Error.of(ErrorCode.NOT_IN_ROOM));
            return;
        }
        room.tell(new RoomCommand.Leave(channel, true, null));
        room = null;
    }

    private void reply(ServerEvent event) {
        reply(() -> event);
    }

    private void reply(Supplier<ServerEvent> event) {
        if (lastRoom != null) {
            lastRoom.tell(new RoomCommand.Reply(channel, event));
        } else {
            channel.writeAndFlush(Frames.encode(event.get(), channel.alloc()), channel.voidPromise());
        }
    }
}
