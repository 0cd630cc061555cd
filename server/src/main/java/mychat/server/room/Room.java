package mychat.server.room;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import mychat.protocol.ErrorCode;
import mychat.protocol.ServerEvent;
import mychat.server.history.ChatMessage;
import mychat.server.history.HistoryStore;
import mychat.server.history.HistoryStore.Appended;
import mychat.server.history.HistoryStore.From;
import mychat.server.history.HistoryStore.Page;
import mychat.server.metrics.ServerMetrics;
import mychat.server.telemetry.Tracing;
import mychat.server.wire.Closing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A chat room as an actor. It owns its members, their nicks and the order of its messages; only its own event loop
 * touches that state. Other threads talk to it through {@link #tell}, which only enqueues.
 *
 * <p>Life: a new room first loads its start (last id, newest messages) from the store; commands wait in the
 * mailbox until then. A message is handed to the store, which gives it its id, and broadcast when the store has it
 * (persist, then broadcast), so whatever a client received survives a crash. The store answers through the room's
 * own executor ({@link #inRoom}), so its answers are commands like any other, handled in mailbox order. Broadcasts
 * are encoded once and flushed once per mailbox batch ({@link Fanout}).
 */
public final class Room {
    private static final Logger log = LoggerFactory.getLogger(Room.class);

    /** Commands handled per turn before flushing and yielding the loop to other rooms and connections. */
    private static final int BATCH = 256;
    private static final long LAGGARD_CHECK_MILLIS = 200;
    /** Delivered messages kept in memory beyond the join replay, so quick reconnects resume without the store. */
    private static final int MIN_TAIL = 100;

    /** Settings shared by every room of a server. */
    public record Settings(Clock clock, HistoryStore store, ServerMetrics metrics, long slowConsumerTimeoutMillis,
                           int historyOnJoin, int historyMax, RoomPeers peers) {
        /** Settings for a server that runs alone. */
        public Settings(Clock clock, HistoryStore store, ServerMetrics metrics, long slowConsumerTimeoutMillis,
                        int historyOnJoin, int historyMax) {
            this(clock, store, metrics, slowConsumerTimeoutMillis, historyOnJoin, historyMax, null);
        }
    }

    /** How long a gap in the shared order may stay open before the room reads a snapshot instead. */
    private static final long GAP_TIMEOUT_MILLIS = 1_000;
    private static final long RESYNC_RETRY_MILLIS = 1_000;

    private final String name;
    private final EventLoop loop;
    private final Settings settings;
    private final Consumer<Room> onEmpty;
    /** The same room on other nodes; null when this server runs alone. */
    private final RoomPeers peers;

    private final Mailbox mailbox;
    /** Runs a step on the room's loop, in mailbox order: what the room hands the store for its answers. */
    private final Executor inRoom = step -> tell(new RoomCommand.Continue(step));
    /** Joins the hub has promised this room but the room has not handled yet; guards retirement. */
    private final AtomicInteger reservations = new AtomicInteger();
    /** Published for the hub's room list; written only by the room's loop. */
    private volatile int memberCount;
    /** Set once by the store's thread; the loop starts handling commands after it. */
    private volatile HistoryStore.RoomStart start;
    private volatile Throwable startFailure;
    /** In a cluster: the shared state the room started from (set with {@link #start}). */
    private volatile RoomPeers.Snapshot sharedStart;

    // Owned by the room's loop.
    private RoomLog messages;
    private final Fanout fanout;
    private final Membership members = new Membership();
    private boolean laggardCheckScheduled;
    /** In a cluster: the shared order and who is in the room on every node; null when alone. */
    private SharedOrder shared;
    private boolean gapCheckScheduled;
    private boolean resyncing;
    /**
     * Messages handed to the store whose answer has not been handled yet. The room does not retire before they are
     * back, so that a new room under this name starts from all of them. Written only by the room's loop; volatile
     * for {@link #isIdle}.
     */
    private volatile int storing;

    /** Creates the room and starts loading it; {@code onEmpty} runs on the room's loop whenever it empties. */
    public Room(String name, EventLoop loop, Settings settings, Consumer<Room> onEmpty) {
        this.name = name;
        this.loop = loop;
        this.settings = settings;
        this.onEmpty = onEmpty;
        this.mailbox = new Mailbox(name, loop, this::drain);
        this.fanout = new Fanout(settings.metrics());
        this.peers = settings.peers();
        int tail = Math.max(settings.historyOnJoin(), MIN_TAIL);
        if (peers == null) {
            settings.store().open(name, tail).whenComplete((loaded, error) -> started(loaded, error));
        } else {
            peers.start(name, tail).whenComplete((snapshot, error) -> {
                sharedStart = snapshot;
                started(snapshot == null ? null : new HistoryStore.RoomStart(snapshot.lastId(), snapshot.messages()),
                        error);
            });
        }
    }

    private void started(HistoryStore.RoomStart loaded, Throwable error) {
        if (error != null) {
            log.error("room {}: cannot load history: {}", name, error.toString());
            startFailure = error;
        } else {
            start = loaded;
        }
        mailbox.schedule();
    }

    public String name() {
        return name;
    }

    /** Number of members as last published by the room's loop; any thread. */
    public int memberCount() {
        return memberCount;
    }

    /** Called by the hub, atomically with handing this room out for a join. */
    public void reserve() {
        reservations.incrementAndGet();
    }

    /** Called by the hub when a reserved join will never be sent. */
    public void unreserve() {
        reservations.decrementAndGet();
    }

    /** True when nobody is a member and no join is on its way; any thread. */
    public boolean isIdle() {
        return reservations.get() == 0 && memberCount == 0 && storing == 0;
    }

    /** Enqueues a command for the room's loop. Never blocks; safe from any thread. */
    public void tell(RoomCommand command) {
        mailbox.offer(command);
    }

    private boolean started() {
        return messages != null || startFailure != null;
    }

    /** Commands wait while the room has not started; it is ready once its start (or its failure) is in. */
    private boolean hasWorkToDo() {
        return started() ? !mailbox.isEmpty() : start != null || startFailure != null;
    }

    private void drain() {
        try {
            if (messages == null && start != null) {
                messages = new RoomLog(Math.max(settings.historyOnJoin(), MIN_TAIL), start);
                if (sharedStart != null) {
                    shared = new SharedOrder(sharedStart);
                }
            }
            if (!started()) {
                return; // the store's completion schedules another drain
            }
            RoomCommand command;
            for (int handled = 0; handled < BATCH && (command = mailbox.poll()) != null; handled++) {
                try {
                    handle(command);
                } catch (RuntimeException e) {
                    log.error("room {}: command {} failed", name, command.getClass().getSimpleName(), e);
                }
            }
            fanout.flush();
        } finally {
            mailbox.turnDone(this::hasWorkToDo);
        }
    }

    private void handle(RoomCommand command) {
        switch (command) {
            case RoomCommand.Join join -> {
                try (Scope traced = Tracing.enter(join.span())) {
                    onJoin(join);
                }
                // A new member's span ends with its replay (maybe already sent); every other join's ends here.
                Member joined = members.of(join.channel());
                if (join.span().isRecording() && (joined == null || joined.joining != join.span())) {
                    join.span().end();
                }
            }
            case RoomCommand.Leave leave -> onLeave(leave);
            case RoomCommand.Say say -> onSay(say);
            case RoomCommand.Typing typing -> onTyping(typing.channel());
            case RoomCommand.PeerTyping typing -> broadcast(new ServerEvent.Typing(typing.nick()), null);
            case RoomCommand.History history -> onHistory(history);
            case RoomCommand.Reply reply -> sendTo(reply.channel(), reply.event().get());
            case RoomCommand.CheckLaggards check -> onCheckLaggards();
            case RoomCommand.Continue next -> next.step().run();
            case RoomCommand.Shared event -> onShared(event.event());
            case RoomCommand.Resync resync -> resync();
            case RoomCommand.CheckGap check -> onCheckGap(check.applied());
            case RoomCommand.Kick kick -> onKick(kick);
            case RoomCommand.Notice notice -> notice.done().complete(announce(notice.text(),
                    settings.clock().millis()));
            case RoomCommand.DeleteMessage delete -> onDelete(delete);
            case RoomCommand.Close close -> close.done().complete(closeOut(close.reason()));
            case RoomCommand.Members query -> query.answer().complete(present());
        }
    }

    // ---- membership -------------------------------------------------------------------------------------------

    private void onJoin(RoomCommand.Join join) {
        reservations.decrementAndGet();
        if (!join.channel().isActive() || messages == null) { // gone while on its way, or the room could not load
            if (messages == null) {
                fanout.send(join.channel(), ServerEvent.Error.of(ErrorCode.UNAVAILABLE,
                        "room " + name + " is unavailable: its history could not be loaded"));
            }
            join.isMember().complete(false);
            retireIfEmpty();
            return;
        }
        if (shared != null) {
            enterShared(join);
            return;
        }
        Member self = members.of(join.channel());
        Member holder = members.holding(join.nick());
        if (holder != null && holder != self) {
            sendTo(join.channel(), ServerEvent.Error.of(ErrorCode.NICK_TAKEN,
                    "nick \"" + join.nick() + "\" is already used in room \"" + name + "\""));
            join.isMember().complete(self != null);
            retireIfEmpty();
            return;
        }
        join.isMember().complete(true);
        if (self != null) {
            if (!self.nick.equals(join.nick())) {
                String old = self.nick;
                members.rename(self, join.nick());
                broadcast(new ServerEvent.UserLeft(old), self);
                broadcast(new ServerEvent.UserJoined(self.nick), self);
                log.debug("room {}: {} is now {}", name, old, self.nick);
            }
            fanout.send(self, new ServerEvent.Joined(name, nicks()));
            return;
        }
        self = add(join.channel(), join.nick());
        self.joining = join.span();
        broadcast(new ServerEvent.UserJoined(self.nick), self);
        log.debug("room {}: {} joined ({} members)", name, self.nick, members.size());
        replayOnJoin(self, join.since());
    }

    /**
     * Sends {@code Joined} and the replay: the newest messages, or everything after {@code since}. Live events
     * follow the replay; when the replay must come from the store, they wait in the member's hold meanwhile.
     */
    private void replayOnJoin(Member self, Long since) {
        if (since == null) {
            replayNow(self, null, messages.newest(settings.historyOnJoin()));
            return;
        }
        if (since > messages.lastDeliveredId()) { // a cursor from another life of this room: start fresh
            replayNow(self, false, messages.newest(settings.historyOnJoin()));
            return;
        }
        List<ChatMessage> inMemory = messages.deliveredAfter(since);
        if (inMemory != null) {
            replayNow(self, true, inMemory);
            return;
        }
        if (!self.isCatchingUp()) {
            self.holdUntilReplayed();
        }
        Channel channel = self.channel;
        settings.store().read(name, since, messages.lastDeliveredId(), settings.historyMax(), From.OLDEST, inRoom)
                .whenComplete((page, error) -> onReplayLoaded(channel, since, error == null ? page : null));
    }

    /** A joiner's replay after {@code since} was read from the store ({@code page} null: the read failed). */
    private void onReplayLoaded(Channel channel, long since, Page page) {
        Member self = members.of(channel);
        if (self == null || !self.isCatchingUp()) {
            return; // left while the replay was loading
        }
        long lastReplayed;
        if (page != null && page.oldestId() <= since + 1) {
            sendJoinedAndReplay(self, true, page.messages());
            lastReplayed = page.messages().isEmpty() ? since : page.messages().getLast().id();
        } else {
            List<ChatMessage> newest = messages.newest(settings.historyOnJoin());
            sendJoinedAndReplay(self, false, newest);
            lastReplayed = newest.isEmpty() ? 0 : newest.getLast().id();
        }
        fanout.releaseHold(self, lastReplayed);
    }

    private void sendJoinedAndReplay(Member self, Boolean recovered, List<ChatMessage> replay) {
        fanout.sendNow(self, new ServerEvent.Joined(name, nicks(), recovered));
        for (ChatMessage m : replay) {
            fanout.sendNow(self, m.toEvent(true));
        }
        if (self.joining != null) {
            Tracing.replayed(self.joining, replay.size());
            self.joining = null;
        }
    }

    /** The replay from memory; a member held while it entered the shared room gets what waited after it. */
    private void replayNow(Member self, Boolean recovered, List<ChatMessage> replay) {
        sendJoinedAndReplay(self, recovered, replay);
        if (self.isCatchingUp()) {
            fanout.releaseHold(self, messages.lastDeliveredId());
        }
    }

    private void onLeave(RoomCommand.Leave leave) {
        Member member = members.of(leave.channel());
        if (member == null) {
            if (leave.requested()) {
                sendTo(leave.channel(), ServerEvent.Error.of(ErrorCode.NOT_IN_ROOM));
            }
        } else {
            removeAndAnnounce(member);
            log.debug("room {}: {} left ({} members)", name, member.nick, members.size());
        }
        if (leave.handled() != null) {
            leave.handled().complete(null);
        }
    }

    // ---- messages ---------------------------------------------------------------------------------------------

    private void onSay(RoomCommand.Say say) {
        Member member = members.of(say.channel());
        if (member == null) {
            sendTo(say.channel(), ServerEvent.Error.of(ErrorCode.NOT_IN_ROOM));
            Tracing.failed(say.span(), ErrorCode.NOT_IN_ROOM.wireName());
            return;
        }
        Span span = say.span();
        Channel sender = say.channel();
        long received = say.receivedNanos();
        long handedOver = System.nanoTime();
        HistoryStore.Draft draft = new HistoryStore.Draft(name, messages.nextTs(settings.clock().millis()),
                member.nick, say.text(), say.cid());
        long deliveredBefore = messages.lastDeliveredId();
        storing++;
        member.storing++;
        try (Scope traced = Tracing.enter(span)) { // the store's commit or Redis call becomes its child
            if (shared != null) {
                peers.say(draft, member.token, deliveredBefore, inRoom).whenComplete((said, error) -> {
                    settings.metrics().storeWriteLatency.record(System.nanoTime() - handedOver, TimeUnit.NANOSECONDS);
                    onSaid(sender, member, received, said, error, span);
                });
                return;
            }
            settings.store().append(draft, inRoom).whenComplete((appended, error) -> {
                settings.metrics().storeWriteLatency.record(System.nanoTime() - handedOver, TimeUnit.NANOSECONDS);
                onAppended(sender, member, received, deliveredBefore, appended, error, span);
            });
        }
    }

    /**
     * The store's answer to a {@code SendMsg}: broadcast the new message, or tell its sender alone. Answers come in
     * the order of the appends, so everything the sender said before is out already. {@code deliveredBefore}: the
     * last id broadcast when the message arrived. {@code saidAs}: the membership it was said in; if the sender has
     * left since (and maybe joined again), that membership is gone and its counts with it.
     */
    private void onAppended(Channel sender, Member saidAs, long receivedNanos, long deliveredBefore,
                            Appended appended, Throwable error, Span span) {
        Member member = members.of(sender) == saidAs ? saidAs : null;
        if (error != null) {
            answer(sender, member, ServerEvent.Error.of(ErrorCode.UNAVAILABLE,
                    "your message could not be stored and was not sent; try again"));
            Tracing.failed(span, ErrorCode.UNAVAILABLE.wireName());
        } else if (appended.duplicate()) {
            Tracing.duplicate(span, appended.message().id());
            // A resend: its sender alone gets the original, unless the original was still being stored when the
            // resend came, and so has just reached the sender with everybody else.
            if (appended.message().id() <= deliveredBefore) {
                answer(sender, member, resent(appended.message()));
            }
        } else {
            settings.metrics().messagesReceived.increment();
            Tracing.stored(span, appended.message().id());
            broadcastStored(appended.message());
            settings.metrics().recordBroadcast(receivedNanos, System.nanoTime());
            Tracing.broadcast(span, members.size());
        }
        doneStoring(member);
    }

    /** The answer to a resend: the original, or, when an operator deleted it (its text is gone), that news. */
    private ServerEvent resent(ChatMessage original) {
        return original.text().isEmpty() ? new ServerEvent.MessageDeleted(name, original.id())
                : original.toEvent(false);
    }

    private void broadcastStored(ChatMessage message) {
        messages.delivered(message);
        if (fanout.broadcast(members.list(), message.toEvent(false), message.id(), null, settings.clock().millis(),
                mailbox.isEmpty())) {
            scheduleLaggardCheck();
        }
    }

    /** Sends to a connection now, in order with what the room sent it before; a member's hold still applies. */
    private void answer(Channel channel, Member member, ServerEvent event) {
        if (member != null) {
            fanout.send(member, event);
        } else {
            fanout.send(channel, event);
        }
    }

    /**
     * One message of {@code member} (null: it has left) is out of the store's hands: answers that waited behind it
     * may go now, and an empty room that waited for it may retire.
     */
    private void doneStoring(Member member) {
        storing--;
        if (storing == 0) {
            retireIfEmpty();
        }
        if (member == null || --member.storing > 0) {
            return;
        }
        List<ServerEvent> waiting = member.deferred;
        member.deferred = null;
        if (waiting != null) {
            waiting.forEach(event -> fanout.send(member, event));
        }
    }

    private void onHistory(RoomCommand.History request) {
        if (members.of(request.channel()) == null) {
            sendTo(request.channel(), ServerEvent.Error.of(ErrorCode.NOT_IN_ROOM));
            Tracing.failed(request.span(), ErrorCode.NOT_IN_ROOM.wireName());
            return;
        }
        Span span = request.span();
        Channel channel = request.channel();
        long delivered = messages.lastDeliveredId();
        var read = request.after() != null
                ? settings.store().read(name, request.after(), delivered, request.limit(), From.OLDEST, inRoom)
                : settings.store().read(name, 0, request.before() == null ? delivered
                        : Math.min(request.before() - 1, delivered), request.limit(), From.NEWEST, inRoom);
        read.whenComplete((page, error) -> onPageLoaded(channel, error == null ? page : null, span));
    }

    /** A page asked for with {@code History} was read ({@code page} null: the read failed). */
    private void onPageLoaded(Channel channel, Page page, Span span) {
        if (page == null) {
            sendTo(channel, ServerEvent.Error.of(ErrorCode.UNAVAILABLE, "history could not be read"));
            Tracing.failed(span, ErrorCode.UNAVAILABLE.wireName());
            return;
        }
        List<ServerEvent.Message> events = page.messages().stream().map(m -> m.toEvent(true)).toList();
        sendTo(channel, new ServerEvent.HistoryPage(name, events, page.more()));
        Tracing.replayed(span, events.size());
    }


    // ---- the shared room (cluster) ----------------------------------------------------------------------------

    /**
     * A join in a cluster: the nick is claimed on the shared side first. Meanwhile the connection is a member that
     * gets no broadcasts and whose answers wait; its {@code Joined} and replay go out when its entry comes up in the
     * shared order, so that it sees exactly what followed its entry, like everyone else.
     */
    private void enterShared(RoomCommand.Join join) {
        Member self = members.of(join.channel());
        if (self != null && self.nick.equals(join.nick())) {
            join.isMember().complete(true);
            fanout.send(self, new ServerEvent.Joined(name, nicks()));
            return;
        }
        if (self != null) { // a nick change: leave under the old nick, enter under the new one
            removeAndAnnounce(self);
        }
        Member holder = members.holding(join.nick());
        if (holder != null) {
            sendTo(join.channel(), ServerEvent.Error.of(ErrorCode.NICK_TAKEN,
                    "nick \"" + join.nick() + "\" is already used in room \"" + name + "\""));
            join.isMember().complete(false);
            retireIfEmpty();
            return;
        }
        Member m = add(join.channel(), join.nick());
        m.joining = join.span();
        m.token = peers.newToken();
        m.entering = true;
        m.since = join.since();
        m.holdUntilReplayed();
        shared.addLocal(m);
        long floor = Math.max(messages.lastDeliveredId(), join.since() == null ? 0 : join.since());
        peers.enter(name, m.nick, m.token, floor, inRoom)
                .whenComplete((entry, error) -> onEnterAnswer(m, join, entry, error));
    }

    private void onEnterAnswer(Member m, RoomCommand.Join join, RoomPeers.Entry entry, Throwable error) {
        if (members.of(m.channel) != m) { // left meanwhile; its exit follows the entry on the shared side
            join.isMember().complete(false);
            return;
        }
        if (!m.entering) { // its entry came through the shared order first
            join.isMember().complete(true);
            return;
        }
        if (error != null || entry instanceof RoomPeers.Entry.Taken) {
            if (error != null) { // the entry may have run with its answer lost: give the nick up to be sure
                peers.exit(name, m.nick, m.token);
            }
            refuseEntry(m, join, error != null
                    ? ServerEvent.Error.of(ErrorCode.UNAVAILABLE, "could not join room \"" + name
                            + "\": the cluster's store is unreachable; try again")
                    : ServerEvent.Error.of(ErrorCode.NICK_TAKEN,
                            "nick \"" + m.nick + "\" is already used in room \"" + name + "\""));
            return;
        }
        join.isMember().complete(true);
        long seq = ((RoomPeers.Entry.Entered) entry).seq();
        if (seq > shared.applied()) {
            onShared(new SharedEvent.Entered(seq, m.nick, m.token));
        } else if (shared.holds(m.token)) { // a snapshot covered the entry
            finishEntry(m);
        } else { // entered, and was removed again before this node saw it
            refuseEntry(m, null, ServerEvent.Error.of(ErrorCode.UNAVAILABLE,
                    "could not join room \"" + name + "\"; try again"));
        }
    }

    private void refuseEntry(Member m, RoomCommand.Join join, ServerEvent.Error error) {
        if (m.joining != null) {
            Tracing.failed(m.joining, error.code().wireName());
            m.joining = null;
        }
        removeLocal(m);
        m.held = null;
        fanout.send(m.channel, error);
        if (join != null) {
            join.isMember().complete(false);
        }
        retireIfEmpty();
    }

    /** A local member's entry came up in the shared order: it is in the room from here on. */
    private void finishEntry(Member m) {
        m.entering = false;
        broadcast(new ServerEvent.UserJoined(m.nick), m);
        log.debug("room {}: {} joined ({} members here)", name, m.nick, members.size());
        Long since = m.since;
        m.since = null;
        replayOnJoin(m, since);
    }

    /** An event of the shared order arrived: apply it and whatever it unblocks, in order. */
    private void onShared(SharedEvent event) {
        if (shared != null && shared.offer(event)) {
            applyReady();
        }
    }

    /** Applies the events that are next in order; if a gap stays, checks on it after a while. */
    private void applyReady() {
        SharedEvent next;
        while ((next = shared.pollNext()) != null) {
            apply(next);
            shared.applied(next.seq());
        }
        if (shared.hasGap() && !gapCheckScheduled) {
            gapCheckScheduled = true;
            long applied = shared.applied();
            loop.schedule(() -> tell(new RoomCommand.CheckGap(applied)), GAP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void apply(SharedEvent event) {
        switch (event) {
            case SharedEvent.Said said -> {
                if (said.message().id() > messages.lastDeliveredId()) {
                    broadcastStored(said.message());
                }
            }
            case SharedEvent.Entered entered -> {
                shared.entered(entered.token(), entered.nick());
                Member m = shared.local(entered.token());
                if (m == null) {
                    broadcast(new ServerEvent.UserJoined(entered.nick()), null);
                } else if (m.entering) {
                    finishEntry(m);
                }
            }
            case SharedEvent.Exited exited -> {
                shared.exited(exited.token());
                Member m = shared.local(exited.token());
                if (m != null) {
                    removedByCluster(m);
                }
                broadcast(new ServerEvent.UserLeft(exited.nick()), null);
            }
            case SharedEvent.Kicked kicked -> {
                shared.exited(kicked.token());
                Member m = shared.local(kicked.token());
                if (m != null) {
                    kickOut(m, kicked.reason());
                }
                broadcast(new ServerEvent.UserLeft(kicked.nick()), null);
                retireIfEmpty();
            }
            case SharedEvent.Noticed noticed -> announce(noticed.text(), noticed.ts());
            case SharedEvent.Deleted deleted -> forget(deleted.id());
            case SharedEvent.Closed closed -> {
                // Only those in the room at the close: a member whose entry comes later in the order stays.
                for (String token : List.copyOf(shared.view().keySet())) {
                    shared.exited(token);
                    Member m = shared.local(token);
                    if (m != null) {
                        putOut(m, closed.reason());
                    }
                }
                retireIfEmpty();
            }
        }
    }

    /** The cluster removed a member of this node (it judged this node dead): its connection must start over. */
    private void removedByCluster(Member m) {
        log.info("room {}: {} was removed by the cluster; closing its connection", name, m.nick);
        Closing.close(m.channel, Closing.SERVICE_RESTART, "removed from the room by the cluster; reconnect");
        removeLocal(m);
        retireIfEmpty();
    }

    private void onCheckGap(long appliedThen) {
        gapCheckScheduled = false;
        if (!shared.hasGap()) {
            return;
        }
        if (shared.applied() == appliedThen) {
            log.info("room {}: events after {} are missing; reading the room afresh", name, appliedThen);
            resync();
        } else {
            applyReady(); // re-arms the check for the gap that is open now
        }
    }

    /** Reads the shared state and catches up from it: messages missed, and who came and went meanwhile. */
    private void resync() {
        if (shared == null || resyncing) {
            return;
        }
        resyncing = true;
        settings.metrics().sharedCatchUps.increment();
        peers.snapshot(name, messages.lastDeliveredId(), settings.historyMax(), inRoom)
                .whenComplete((snapshot, error) -> onResynced(snapshot, error));
    }

    private void onResynced(RoomPeers.Snapshot snapshot, Throwable error) {
        resyncing = false;
        if (error != null) {
            log.warn("room {}: cannot read the shared room ({}); trying again", name, error.toString());
            loop.schedule(() -> tell(new RoomCommand.Resync()), RESYNC_RETRY_MILLIS, TimeUnit.MILLISECONDS);
            return;
        }
        for (ChatMessage m : snapshot.messages()) {
            if (m.id() > messages.lastDeliveredId()) {
                broadcastStored(m);
            }
        }
        for (SharedEvent change : shared.changesTo(snapshot.members())) {
            apply(change);
        }
        shared.skipTo(snapshot.seq());
        applyReady();
    }

    /** The shared side's answer to a {@code SendMsg} (cluster); see {@link #onAppended} for the rules. */
    private void onSaid(Channel sender, Member saidAs, long receivedNanos, RoomPeers.Said said, Throwable error,
                        Span span) {
        Member member = members.of(sender) == saidAs ? saidAs : null;
        switch (error != null ? null : said) {
            case null -> {
                answer(sender, member, ServerEvent.Error.of(ErrorCode.UNAVAILABLE,
                        "your message could not be stored and was not sent; try again"));
                Tracing.failed(span, ErrorCode.UNAVAILABLE.wireName());
                doneStoring(member);
            }
            case RoomPeers.Said.Duplicate duplicate -> {
                Tracing.duplicate(span, duplicate.original().id());
                if (duplicate.original().id() <= messages.lastDeliveredId()) {
                    answer(sender, member, resent(duplicate.original()));
                }
                doneStoring(member);
            }
            case RoomPeers.Said.Gone gone -> {
                Tracing.failed(span, "gone");
                if (member != null) {
                    removedByCluster(member);
                }
                doneStoring(member);
            }
            case RoomPeers.Said.Stored stored -> {
                settings.metrics().messagesReceived.increment();
                Tracing.stored(span, stored.message().id());
                shared.afterApplied(stored.seq(), () -> {
                    settings.metrics().recordBroadcast(receivedNanos, System.nanoTime());
                    Tracing.broadcast(span, members.size());
                    doneStoring(member);
                });
                onShared(new SharedEvent.Said(stored.seq(), stored.message()));
            }
        }
    }

    // ---- an operator's actions ---------------------------------------------------------------------------------
    // Alone, the room carries them out when told (RoomCommand); in a cluster, when their SharedEvent comes up in
    // the room's order on every node.

    private void onKick(RoomCommand.Kick kick) {
        Member m = members.holding(kick.nick());
        if (m == null) {
            kick.done().complete(false);
            return;
        }
        kickOut(m, kick.reason());
        broadcast(new ServerEvent.UserLeft(m.nick), null);
        retireIfEmpty();
        kick.done().complete(true);
    }

    /** The member is told why, ahead of anything it still waits for, and closed with 1008. */
    private void kickOut(Member m, String reason) {
        log.info("room {}: {} was kicked by an operator", name, m.nick);
        m.held = null;
        fanout.sendNow(m, ServerEvent.Error.of(ErrorCode.KICKED, reason));
        Closing.close(m.channel, Closing.POLICY_VIOLATION, "kicked by an operator");
        removeLocal(m);
    }

    /** Sends every member a notice; false when there is nobody to tell. */
    private boolean announce(String text, long ts) {
        if (members.isEmpty()) {
            return false;
        }
        broadcast(new ServerEvent.Notice(name, text, ts), null);
        return true;
    }

    private void onDelete(RoomCommand.DeleteMessage delete) {
        settings.store().delete(name, delete.id(), inRoom).whenComplete((deleted, error) -> {
            if (error != null) {
                delete.done().completeExceptionally(error);
                return;
            }
            if (deleted) {
                forget(delete.id());
            }
            delete.done().complete(deleted);
        });
    }

    /** A message was deleted: joins no longer replay it, and members remove it. */
    private void forget(long id) {
        messages.forget(id);
        broadcast(new ServerEvent.MessageDeleted(name, id), null);
    }

    /** A server alone: removes every member, telling each why; false when there was nobody. */
    private boolean closeOut(String reason) {
        if (members.isEmpty()) {
            return false;
        }
        log.info("room {}: closed by an operator; {} members removed", name, members.size());
        for (Member m : List.copyOf(members.list())) {
            putOut(m, reason);
        }
        retireIfEmpty();
        return true;
    }

    /** One member of a closed room: told why, ahead of anything it still waits for, and out. */
    private void putOut(Member m, String reason) {
        m.held = null;
        fanout.sendNow(m, ServerEvent.Error.of(ErrorCode.ROOM_CLOSED, reason));
        removeLocal(m);
    }

    private List<RoomCommand.Present> present() {
        List<RoomCommand.Present> out = new ArrayList<>(members.size());
        for (String nick : members.nicks()) {
            Member m = members.holding(nick);
            out.add(new RoomCommand.Present(nick, m.channel.remoteAddress() instanceof InetSocketAddress a
                    && a.getAddress() != null ? a.getAddress().getHostAddress() : null));
        }
        return out;
    }

    // ---- slow members -----------------------------------------------------------------------------------------

    private void onCheckLaggards() {
        laggardCheckScheduled = false;
        long now = settings.clock().millis();
        long timeout = settings.slowConsumerTimeoutMillis();
        Fanout.LagCheck check = fanout.checkLaggards(members.list(), now, timeout);
        for (Member m : check.overdue()) {
            log.debug("room {}: closing {}, behind for {} ms", name, m.nick, now - m.behindSinceMillis);
            Closing.close(m.channel, Closing.POLICY_VIOLATION, "too slow: behind for more than " + timeout + " ms");
            settings.metrics().slowConsumerDisconnects.increment();
            removeAndAnnounce(m);
        }
        if (check.stillLagging()) {
            scheduleLaggardCheck();
        }
    }

    private void scheduleLaggardCheck() {
        if (!laggardCheckScheduled) {
            laggardCheckScheduled = true;
            loop.schedule(() -> tell(new RoomCommand.CheckLaggards()), LAGGARD_CHECK_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Tells the other members, here and (in a cluster) on other nodes, that a member is typing. It bypasses the
     * shared order on purpose: a hint that expires by itself needs neither an id nor a place in history.
     */
    private void onTyping(Channel channel) {
        Member m = members.of(channel);
        if (m == null) {
            fanout.send(channel, ServerEvent.Error.of(ErrorCode.NOT_IN_ROOM));
            return;
        }
        broadcast(new ServerEvent.Typing(m.nick), m);
        if (peers != null) {
            peers.typing(name, m.nick);
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private void broadcast(ServerEvent membershipEvent, Member except) {
        fanout.broadcast(members.list(), membershipEvent, 0, except, settings.clock().millis(), mailbox.isEmpty());
    }

    /**
     * An answer to a connection that may or may not be a member. A member gets it in order with broadcasts, and
     * after its own messages still being stored.
     */
    private void sendTo(Channel channel, ServerEvent event) {
        Member member = members.of(channel);
        if (member == null) {
            fanout.send(channel, event);
        } else if (member.storing > 0) {
            if (member.deferred == null) {
                member.deferred = new ArrayList<>();
            }
            member.deferred.add(event);
        } else {
            fanout.send(member, event);
        }
    }

    private Member add(Channel channel, String nick) {
        Member m = members.add(channel, nick);
        memberCount = members.size();
        return m;
    }

    /** A member leaves (or is closed): alone, the room announces it; in a cluster, its exit event will. */
    private void removeAndAnnounce(Member m) {
        removeLocal(m);
        if (shared == null) {
            broadcast(new ServerEvent.UserLeft(m.nick), null);
        } else {
            peers.exit(name, m.nick, m.token);
        }
        retireIfEmpty();
    }

    private void removeLocal(Member m) {
        if (m.joining != null) { // gone before its replay was out
            Tracing.failed(m.joining, "left");
            m.joining = null;
        }
        members.remove(m);
        memberCount = members.size();
        if (shared != null) {
            shared.removeLocal(m);
        }
    }

    private List<String> nicks() {
        return shared == null ? members.nicks() : shared.nicks();
    }

    private void retireIfEmpty() {
        if (members.isEmpty() && storing == 0) {
            onEmpty.accept(this);
        }
    }
}
