package mychat.server.net;

import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;
import io.opentelemetry.api.trace.Span;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import mychat.protocol.ClientRequest;
import mychat.protocol.ErrorCode;
import mychat.protocol.Rules;
import mychat.protocol.ServerEvent;
import mychat.server.ServerConfig;
import mychat.server.auth.Authenticator;
import mychat.server.auth.Principal;
import mychat.server.history.Ban;
import mychat.server.hub.Hub;
import mychat.server.room.Room;
import mychat.server.room.RoomCommand;
import mychat.server.telemetry.Tracing;
import mychat.server.wire.Closing;
import mychat.server.wire.Frames;

/**
 * One connection's place in the chat: which room it is in, who it is (when tokens are required), how fast it may
 * go, and what each request turns into. Runs only on the connection's event loop.
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
    /** A connection refused this many times within {@link #HAMMER_WINDOW_NANOS} is closed. */
    private static final int HAMMER_LIMIT = 50;
    private static final long HAMMER_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Channel channel;
    private final NetContext context;
    private final Hub hub;
    /** The room joined or being joined; null when in no room. */
    private Room room;
    /** The last room this connection sent a command to: answers go through it to keep their order. */
    private Room lastRoom;
    /** Requests that arrived while switching rooms, in arrival order; created when first needed. */
    private Queue<Runnable> waiting;
    private boolean switching;
    /** Waiting for an answer from outside (the cluster's room list); requests wait meanwhile, in order. */
    private boolean paused;
    private boolean disconnected;

    private final TokenBucket messages;
    private final TokenBucket requests;
    /** When recent rate-limit refusals happened; created at the first one (most connections never need it). */
    private ArrayDeque<Long> recentRefusals;

    /** Who the token says this is; null when the server does not require tokens. */
    private Principal principal;
    private ScheduledFuture<?> expiry;

    Session(Channel channel, NetContext context, Principal principal) {
        this.channel = channel;
        this.context = context;
        this.hub = context.hub();
        this.principal = principal;
        ServerConfig.Abuse abuse = context.config().abuse();
        long now = System.nanoTime();
        // A switched-off limit costs no object per connection.
        this.messages = abuse.messagesPerSecond() == 0 ? null
                : new TokenBucket(abuse.messagesPerSecond(), abuse.messageBurst(), now);
        this.requests = abuse.requestsPerSecond() == 0 ? null
                : new TokenBucket(abuse.requestsPerSecond(), abuse.requestBurst(), now);
        scheduleExpiry();
    }

    void onRequest(ClientRequest request) {
        if (switching || paused) {
            waitFor(() -> onRequest(request));
            return;
        }
        if (!withinRate(request)) {
            return;
        }
        switch (request) {
            case ClientRequest.ListRooms r -> listRooms();
            case ClientRequest.Join r -> join(r.room(), r.nick(), r.since());
            case ClientRequest.SendMsg r -> say(r.text(), r.cid());
            case ClientRequest.Leave r -> leave();
            case ClientRequest.History r -> history(r);
            case ClientRequest.Auth r -> refreshToken(r.token());
            case ClientRequest.Typing r -> typing();
        }
    }

    void onMalformed(String reason) {
        if (switching || paused) {
            waitFor(() -> onMalformed(reason));
            return;
        }
        reply(ServerEvent.Error.of(ErrorCode.BAD_REQUEST, reason));
    }

    /** The connection is gone: leave silently (the room announces {@code UserLeft}). */
    void onDisconnect() {
        disconnected = true;
        waiting = null;
        if (expiry != null) {
            expiry.cancel(false);
        }
        if (room != null && !switching) {
            room.tell(new RoomCommand.Leave(channel, false, null));
        }
        room = null;
    }

    private void waitFor(Runnable request) {
        if (waiting == null) {
            waiting = new ArrayDeque<>();
        }
        waiting.add(request);
    }

    /** Whether reading should pause: while switching rooms, requests must wait anyway. */
    boolean isSwitching() {
        return switching || paused;
    }

    // ---- abuse limits -----------------------------------------------------------------------------------------

    /**
     * Applies the two token buckets: one for chat lines, a looser one for joins, room lists, history and token
     * refreshes. A refused request is answered {@code rate_limited}; a connection that keeps hammering is closed.
     */
    private boolean withinRate(ClientRequest request) {
        TokenBucket bucket = switch (request) {
            case ClientRequest.SendMsg r -> messages;
            case ClientRequest.Join r -> requests;
            case ClientRequest.ListRooms r -> requests;
            case ClientRequest.History r -> requests;
            case ClientRequest.Auth r -> requests;
            case ClientRequest.Typing r -> requests;
            case ClientRequest.Leave r -> null;
        };
        if (bucket == null) {
            return true;
        }
        long now = System.nanoTime();
        long waitMillis = bucket.take(now);
        if (waitMillis == 0) {
            return true;
        }
        context.metrics().rateLimited.increment();
        if (recentRefusals == null) {
            recentRefusals = new ArrayDeque<>();
        }
        recentRefusals.addLast(now);
        while (now - recentRefusals.getFirst() > HAMMER_WINDOW_NANOS) {
            recentRefusals.removeFirst();
        }
        if (recentRefusals.size() >= HAMMER_LIMIT) {
            Closing.close(channel, Closing.POLICY_VIOLATION, "too many requests over the rate limit");
            return false;
        }
        String what = request instanceof ClientRequest.SendMsg ? "messages" : "requests";
        reply(ServerEvent.Error.rateLimited(what, waitMillis));
        return false;
    }

    // ---- tokens -----------------------------------------------------------------------------------------------

    /** When the token expires (plus leeway): tell the client, and close after the grace period unless refreshed. */
    private void scheduleExpiry() {
        if (expiry != null) {
            expiry.cancel(false);
            expiry = null;
        }
        if (principal == null || principal.expiresAt() == null) {
            return;
        }
        Duration leeway = context.authenticator().leeway();
        long delay = Math.max(0, Duration.between(context.clock().instant(),
                principal.expiresAt().plus(leeway)).toMillis());
        expiry = channel.eventLoop().schedule(this::tokenExpired, delay, TimeUnit.MILLISECONDS);
    }

    private void tokenExpired() {
        Duration grace = context.config().jwt().grace();
        reply(ServerEvent.Error.of(ErrorCode.TOKEN_EXPIRED, "your token has expired; send Auth with a fresh one "
                + "within " + grace.toSeconds() + " s or the connection closes"));
        expiry = channel.eventLoop().schedule(
                () -> Closing.close(channel, Closing.POLICY_VIOLATION, "token expired"),
                grace.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void refreshToken(String token) {
        Authenticator authenticator = context.authenticator();
        if (authenticator == null) {
            reply(ServerEvent.Error.of(ErrorCode.BAD_REQUEST, "this server does not use tokens"));
            return;
        }
        switch (authenticator.verify(token, context.clock().instant())) {
            case Authenticator.Result.Accepted ok when ok.principal().subject().equals(principal.subject()) -> {
                principal = ok.principal();
                scheduleExpiry();
            }
            case Authenticator.Result.Accepted other -> reply(ServerEvent.Error.of(ErrorCode.INVALID_TOKEN,
                    "that token is for another user"));
            case Authenticator.Result.Refused refused -> {
                context.metrics().authFailure(refused.reason().label());
                reply(ServerEvent.Error.of(ErrorCode.INVALID_TOKEN, "token refused: " + refused.detail()));
            }
        }
    }

    // ---- requests ---------------------------------------------------------------------------------------------

    private void join(String roomName, String requestedNick, Long since) {
        // With tokens, the nick is the token's: a Join cannot choose another.
        String nick = principal != null ? principal.nick() : requestedNick;
        var problem = Rules.checkRoom(roomName).or(() -> Rules.checkNick(nick));
        if (problem.isPresent()) {
            reply(ServerEvent.Error.of(problem.get()));
            return;
        }
        if (principal != null && !principal.mayJoin(roomName)) {
            reply(ServerEvent.Error.of(ErrorCode.FORBIDDEN, "your token does not allow room \"" + roomName + "\""));
            return;
        }
        Ban ban = context.bans().find(nick, ConnectionCounter.address(channel), roomName);
        if (ban != null) {
            reply(ServerEvent.Error.of(ErrorCode.FORBIDDEN, "you are banned from "
                    + (ban.room() == null ? "every room" : "room \"" + roomName + "\"") + ": " + ban.reason()));
            return;
        }
        Room target = hub.roomForJoin(roomName);
        CompletableFuture<Boolean> isMember = new CompletableFuture<>();
        RoomCommand.Join command = new RoomCommand.Join(channel, nick, since, isMember,
                context.tracing().request("Join", roomName));
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
        resumeWaiting();
    }

    /** Runs the requests that waited, in order, until one makes the connection wait again; reads again if not. */
    private void resumeWaiting() {
        while (!switching && !paused && waiting != null && !waiting.isEmpty()) {
            waiting.poll().run();
        }
        SessionHandler.updateAutoRead(channel, this);
    }

    /**
     * Alone, the hub knows every room; in a cluster the list comes from Redis, and requests wait for it. It is asked
     * for from the last room's turn, so that Redis has what this connection did there (a leave) first.
     */
    private void listRooms() {
        if (!hub.isShared()) {
            reply(() -> new ServerEvent.RoomList(hub.roomNames()));
            return;
        }
        paused = true;
        SessionHandler.updateAutoRead(channel, this);
        if (lastRoom != null) {
            lastRoom.tell(new RoomCommand.Continue(this::askForRoomList));
        } else {
            askForRoomList();
        }
    }

    private void askForRoomList() {
        hub.roomNamesEverywhere().whenCompleteAsync((names, error) -> {
            paused = false;
            if (disconnected) {
                return;
            }
            reply(error != null ? ServerEvent.Error.of(ErrorCode.UNAVAILABLE, "the room list could not be read")
                    : new ServerEvent.RoomList(names));
            resumeWaiting();
        }, channel.eventLoop());
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
        Span span = context.tracing().request("SendMsg", room.name());
        Tracing.bodySize(span, text);
        room.tell(new RoomCommand.Say(channel, text, cid, System.nanoTime(), span));
    }

    private void typing() {
        if (room == null) {
            reply(ServerEvent.Error.of(ErrorCode.NOT_IN_ROOM));
            return;
        }
        room.tell(new RoomCommand.Typing(channel));
    }

    private void history(ClientRequest.History request) {
        if (room == null) {
            reply(ServerEvent.Error.of(ErrorCode.NOT_IN_ROOM));
            return;
        }
        room.tell(new RoomCommand.History(channel, request.before(), request.after(), request.limit(),
                context.tracing().request("History", room.name())));
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
