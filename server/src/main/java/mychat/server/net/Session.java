package mychat.server.net;

import io.netty.channel.Channel;
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
 * One connection's place in the chat: which room it is in (or joining), and what each request turns into.
 * Runs only on the connection's event loop.
 *
 * <p>Ordering: once a connection has a room, every answer to it (errors included) goes through that room's mailbox,
 * so answers arrive in the order the requests were sent. The session also treats a join as done the moment it is
 * sent: a {@code SendMsg} right behind a {@code Join} lands in the same mailbox after the join, and a room answers
 * {@code not_in_room} itself if the join was refused.
 */
final class Session {
    private final Channel channel;
    private final Hub hub;
    /** The room joined or being joined; null when in no room. */
    private Room room;

    Session(Channel channel, Hub hub) {
        this.channel = channel;
        this.hub = hub;
    }

    void onRequest(ClientRequest request) {
        switch (request) {
            case ClientRequest.ListRooms r -> reply(() -> new ServerEvent.RoomList(hub.roomNames()));
            case ClientRequest.Join r -> join(r.room(), r.nick());
            case ClientRequest.SendMsg r -> say(r.text());
            case ClientRequest.Leave r -> leave();
        }
    }

    void onMalformed(String reason) {
        reply(ServerEvent.Error.of(ErrorCode.BAD_REQUEST, reason));
    }

    /** The connection is gone: leave silently (the room announces {@code UserLeft}). */
    void onDisconnect() {
        if (room != null) {
            room.tell(new RoomCommand.Leave(channel, false));
            room = null;
        }
    }

    private void join(String roomName, String nick) {
        var problem = Rules.checkRoom(roomName).or(() -> Rules.checkNick(nick));
        if (problem.isPresent()) {
            reply(ServerEvent.Error.of(problem.get()));
            return;
        }
        Room target = hub.roomForJoin(roomName);
        if (room != null && room != target) {
            room.tell(new RoomCommand.Leave(channel, false));
        }
        room = target;
        CompletableFuture<Boolean> isMember = new CompletableFuture<>();
        target.tell(new RoomCommand.Join(channel, nick, isMember));
        isMember.thenAcceptAsync(member -> {
            if (!member && room == target) {
                room = null;
            }
        }, channel.eventLoop());
    }

    private void say(String text) {
        if (room == null) {
            reply(ServerEvent.Error.of(ErrorCode.NOT_IN_ROOM));
            return;
        }
        var problem = Rules.checkText(text);
        if (problem.isPresent()) {
            reply(ServerEvent.Error.of(problem.get()));
            return;
        }
        room.tell(new RoomCommand.Say(channel, text));
    }

    private void leave() {
        if (room == null) {
            reply(ServerEvent.Error.of(ErrorCode.NOT_IN_ROOM));
            return;
        }
        room.tell(new RoomCommand.Leave(channel, true));
        room = null;
    }

    private void reply(ServerEvent event) {
        reply(() -> event);
    }

    private void reply(Supplier<ServerEvent> event) {
        if (room != null) {
            room.tell(new RoomCommand.Reply(channel, event));
        } else {
            channel.writeAndFlush(Frames.encode(event.get(), channel.alloc()), channel.voidPromise());
        }
    }
}
