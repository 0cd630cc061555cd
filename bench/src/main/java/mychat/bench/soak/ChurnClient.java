package mychat.bench.soak;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import mychat.bench.soak.SoakCounts.Count;
import mychat.protocol.ClientRequest;
import mychat.protocol.ServerEvent;

/**
 * One simulated user across its sessions. It connects, joins its room (resuming after the last id it saw), sends
 * chat lines with unique cids at random intervals, now and then stops reading its socket for a while, and after a
 * random time ends the session, gracefully or abruptly; then it stays away for a while and comes back. Everything
 * its room sends it goes through {@link Inbox}, which checks it.
 *
 * <p>Threading: runs only on the event loop of its room. {@link #start}, {@link #finish} and {@link #close} must be
 * called there too (the {@link Population} hands them over). Timers capture the session they were set for and do
 * nothing once the client has moved on to another.
 */
final class ChurnClient {
    private enum State { OFFLINE, CONNECTING, JOINING, JOINED, LEAVING }

    /** After a failed connect or join, try again this much later. */
    private static final long RETRY_MILLIS = 1_000;
    /** Attempts at joining one session before giving it up ({@code nick_taken} while an old session lingers). */
    private static final int MAX_JOIN_ATTEMPTS = 10;
    /** A session that was due to end while its client was not reading first reads what piled up, this long. */
    private static final long READ_BACKLOG_MILLIS = 2_000;
    /** A client's last Close at the end of the run; then the socket is closed regardless. */
    private static final long FINAL_CLOSE_MILLIS = 1_000;

    private final Population population;
    private final SoakConfig config;
    private final SoakCounts counts;
    final int index;
    final String nick;
    final String room;
    final EventLoop loop;
    final SequenceCheck sequence = new SequenceCheck();
    final OwnMessages own = new OwnMessages();
    private final Inbox inbox;

    private State state = State.OFFLINE;
    private ChurnSession session;
    private int sessions;
    private int joinAttempts;
    /** Counted in {@link Population#inRoom()}. */
    private boolean inRoom;
    private boolean paused;
    private long pausedSinceNanos;
    private boolean endWhenResumed;
    /** The run is over: no new lines, pauses or session ends; only resending what is unconfirmed. */
    private boolean finishing;
    private boolean closed;
    private ScheduledFuture<?> reconnectTimer;
    private ScheduledFuture<?> sendTimer;
    private ScheduledFuture<?> endTimer;
    /** The pause to come, or the end of the pause going on. */
    private ScheduledFuture<?> pauseTimer;

    ChurnClient(Population population, int index, String room, EventLoop loop) {
        this.population = population;
        this.config = population.config();
        this.counts = population.counts();
        this.index = index;
        this.nick = "u" + index;
        this.room = room;
        this.loop = loop;
        this.inbox = new Inbox(this, population);
    }

    // ---- life cycle ---------------------------------------------------------------------------------------------

    /** Connects after {@code delayMillis}. */
    void start(long delayMillis) {
        scheduleConnect(delayMillis);
    }

    /**
     * The run is over: stop sending new lines, pausing and ending sessions; read again if paused; resend every line
     * not yet seen back, connecting first if offline.
     */
    void finish() {
        finishing = true;
        cancel(endTimer);
        cancel(pauseTimer);
        endWhenResumed = false;
        if (paused) {
            resume(session);
        }
        switch (state) {
            case OFFLINE -> {
                cancel(reconnectTimer);
                if (own.unconfirmedCount() > 0) {
                    connect();
                }
            }
            case JOINED -> {
                ChurnSession s = session;
                own.unconfirmed().stream().filter(seq -> !s.unanswered.contains(seq)).forEach(seq -> resend(s, seq));
                scheduleStragglers(s);
            }
            case CONNECTING, JOINING, LEAVING -> { } // the join resends; a closing session reconnects if needed
        }
    }

    /**
     * While finishing, resends every line still unconfirmed once in a while: a line in flight when the run ended
     * normally comes back by itself, but one the server dropped while this client lagged never does.
     */
    private void scheduleStragglers(ChurnSession s) {
        loop.schedule(() -> {
            if (s == session && state == State.JOINED && own.unconfirmedCount() > 0) {
                own.unconfirmed().forEach(seq -> resend(s, seq));
                scheduleStragglers(s);
            }
        }, READ_BACKLOG_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Nothing left to do for {@link #finish}: every line seen back, and no connection or join under way. */
    boolean settled() {
        return own.unconfirmedCount() == 0 && (state == State.OFFLINE || state == State.JOINED);
    }

    /** Ends the run for this client: a Close on its connection if it has one. Returns its close future or null. */
    ChannelFuture close() {
        closed = true;
        cancel(reconnectTimer);
        cancel(sendTimer);
        cancel(endTimer);
        cancel(pauseTimer);
        ChurnSession s = session;
        if (s == null || s.channel() == null) {
            return null;
        }
        s.endedByClient = true;
        if (state == State.CONNECTING) { // no WebSocket yet to say Close on
            s.channel().close();
            return s.channel().closeFuture();
        }
        s.channel().config().setAutoRead(true);
        s.channel().writeAndFlush(new CloseWebSocketFrame(1000, "soak over"));
        loop.schedule(() -> s.channel().close(), FINAL_CLOSE_MILLIS, TimeUnit.MILLISECONDS);
        return s.channel().closeFuture();
    }

    // ---- connecting and joining ---------------------------------------------------------------------------------

    private void scheduleConnect(long delayMillis) {
        cancel(reconnectTimer);
        reconnectTimer = loop.schedule(this::connect, delayMillis, TimeUnit.MILLISECONDS);
    }

    private void connect() {
        if (closed || state != State.OFFLINE) {
            return;
        }
        state = State.CONNECTING;
        ChurnSession s = new ChurnSession(this);
        session = s;
        population.loops().connect(loop, config.receiveBuffer(), s).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess() && session == s) {
                counts.increment(Count.CONNECT_FAILURES);
                session = null;
                state = State.OFFLINE;
                scheduleConnect(RETRY_MILLIS);
            }
        });
    }

    /** The WebSocket handshake is done. */
    void onOpen(ChurnSession s) {
        if (s != session || closed) {
            s.endedByClient = true;
            s.channel().close();
            return;
        }
        state = State.JOINING;
        counts.increment(Count.SESSIONS);
        if (++sessions > 1) {
            counts.increment(Count.RECONNECTS);
        }
        joinAttempts = 0;
        sendJoin(s);
    }

    private void sendJoin(ChurnSession s) {
        if (s != session || state != State.JOINING) {
            return;
        }
        joinAttempts++;
        s.since = sequence.resumeCursor();
        s.send(new ClientRequest.Join(room, nick, s.since));
    }

    /** After a refused join: try again later, or give the session up after too many attempts. */
    void retryJoin(ChurnSession s, long delayMillis) {
        if (joinAttempts >= MAX_JOIN_ATTEMPTS) {
            leave(s, Leaving.ABRUPT_FIN);
            return;
        }
        counts.increment(Count.JOIN_RETRIES);
        loop.schedule(() -> sendJoin(s), delayMillis, TimeUnit.MILLISECONDS);
    }

    boolean isJoining() {
        return state == State.JOINING;
    }

    /** {@code Joined} arrived: the session begins. The resume was checked by the {@link Inbox}. */
    void onJoined(ChurnSession s) {
        state = State.JOINED;
        inRoom = true;
        population.enteredRoom();
        if (!finishing) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            long length = millisBetween(config.sessionMin(), config.sessionMax());
            endTimer = loop.schedule(() -> endSession(s), length, TimeUnit.MILLISECONDS);
            if (random.nextDouble() < config.pauseProbability()) {
                pauseTimer = loop.schedule(() -> pause(s), random.nextLong(length + 1), TimeUnit.MILLISECONDS);
            }
            scheduleSend(s);
        }
        own.unconfirmed().forEach(seq -> resend(s, seq));
        if (finishing) {
            scheduleStragglers(s);
        }
    }

    // ---- sending ------------------------------------------------------------------------------------------------

    private void scheduleSend(ChurnSession s) {
        sendTimer = loop.schedule(() -> sendNew(s), millisBetween(config.sendIntervalMin(), config.sendIntervalMax()),
                TimeUnit.MILLISECONDS);
    }

    private void sendNew(ChurnSession s) {
        if (s != session || state != State.JOINED || finishing) {
            return;
        }
        if (!paused) { // a client that does not read does nothing else either
            transmit(s, own.next());
            counts.increment(Count.SENT);
        }
        scheduleSend(s);
    }

    /** Sends line {@code seq} again with its cid, unless it was seen back meanwhile; waits out a pause. */
    void resend(ChurnSession s, int seq) {
        if (s != session || state != State.JOINED || !own.isUnconfirmed(seq)) {
            return;
        }
        if (paused) {
            loop.schedule(() -> resend(s, seq), RETRY_MILLIS, TimeUnit.MILLISECONDS);
            return;
        }
        transmit(s, seq);
        s.resent.add(seq);
        counts.increment(Count.RESENDS);
    }

    /** {@link #resend} after {@code delayMillis}. */
    void resendLater(ChurnSession s, int seq, long delayMillis) {
        loop.schedule(() -> resend(s, seq), delayMillis, TimeUnit.MILLISECONDS);
    }

    private void transmit(ChurnSession s, int seq) {
        String cid = Cids.of(population.run(), index, seq);
        s.send(new ClientRequest.SendMsg(population.text(cid), cid));
        s.unanswered.add(seq);
    }

    // ---- not reading --------------------------------------------------------------------------------------------

    private void pause(ChurnSession s) {
        if (s != session || state != State.JOINED || finishing || paused) {
            return;
        }
        paused = true;
        s.paused = true;
        pausedSinceNanos = System.nanoTime();
        s.channel().config().setAutoRead(false);
        counts.increment(Count.PAUSES);
        pauseTimer = loop.schedule(() -> resume(s), millisBetween(config.pauseMin(), config.pauseMax()),
                TimeUnit.MILLISECONDS);
    }

    private void resume(ChurnSession s) {
        if (s != session || !paused) {
            return;
        }
        endPause();
        s.channel().config().setAutoRead(true);
        if (endWhenResumed) {
            endWhenResumed = false;
            endTimer = loop.schedule(() -> endSession(s), READ_BACKLOG_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void endPause() {
        paused = false;
        counts.add(Count.PAUSED_MS, (System.nanoTime() - pausedSinceNanos) / 1_000_000);
    }

    // ---- ending a session ---------------------------------------------------------------------------------------

    private enum Leaving { GRACEFUL, ABRUPT_FIN, ABRUPT_RST }

    private void endSession(ChurnSession s) {
        if (s != session || (state != State.JOINED && state != State.JOINING)) {
            return;
        }
        if (paused) {
            endWhenResumed = true;
            return;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        leave(s, random.nextDouble() >= config.abruptProbability() ? Leaving.GRACEFUL
                : random.nextBoolean() ? Leaving.ABRUPT_FIN : Leaving.ABRUPT_RST);
    }

    private void leave(ChurnSession s, Leaving how) {
        state = State.LEAVING;
        leftRoom();
        s.endedByClient = true;
        cancel(sendTimer);
        cancel(pauseTimer);
        switch (how) {
            case GRACEFUL -> {
                counts.increment(Count.CLIENT_CLOSES_GRACEFUL);
                // The server answers with its Close and closes; Netty's protocol handler closes the socket if not.
                s.channel().writeAndFlush(new CloseWebSocketFrame(1000, "bye"));
            }
            case ABRUPT_FIN -> {
                counts.increment(Count.CLIENT_CLOSES_ABRUPT_FIN);
                s.channel().close();
            }
            case ABRUPT_RST -> {
                counts.increment(Count.CLIENT_CLOSES_ABRUPT_RST);
                s.channel().config().setOption(ChannelOption.SO_LINGER, 0);
                s.channel().close();
            }
        }
    }

    /** The server's Close frame: counted unless it answers ours; answered with the same code, then closed. */
    void onServerClose(ChurnSession s, int code) {
        if (s != session || s.endedByClient) {
            s.channel().close();
            return;
        }
        counts.serverClose(code);
        CloseWebSocketFrame answer = code > 0 ? new CloseWebSocketFrame(code, "") : new CloseWebSocketFrame();
        s.channel().writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
    }

    /** The connection is gone, whoever ended it. */
    void onClosed(ChurnSession s) {
        if (s != session) {
            return;
        }
        if (!s.endedByClient && s.serverCloseCode == null) {
            counts.increment(state == State.CONNECTING ? Count.CONNECT_FAILURES : Count.LOST_WITHOUT_CLOSE);
            if (s.paused) {
                counts.increment(Count.LOST_WITHOUT_CLOSE_AFTER_PAUSE);
            }
        }
        boolean handshakeFailed = state == State.CONNECTING;
        leftRoom();
        if (paused) {
            endPause();
        }
        endWhenResumed = false;
        cancel(sendTimer);
        cancel(endTimer);
        cancel(pauseTimer);
        session = null;
        state = State.OFFLINE;
        if (closed) {
            return;
        }
        if (finishing) {
            if (own.unconfirmedCount() > 0) {
                scheduleConnect(RETRY_MILLIS);
            }
        } else {
            scheduleConnect(handshakeFailed ? RETRY_MILLIS : population.offlineMillis());
        }
    }

    private void leftRoom() {
        if (inRoom) {
            inRoom = false;
            population.leftRoom();
        }
    }

    // ---- what arrives -------------------------------------------------------------------------------------------

    void onEvent(ChurnSession s, ServerEvent event) {
        if (s == session) {
            inbox.onEvent(s, event);
        }
    }

    void onMalformed(ChurnSession s) {
        counts.increment(Count.MALFORMED);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static long millisBetween(Duration min, Duration max) {
        long lo = min.toMillis();
        long hi = max.toMillis();
        return hi <= lo ? lo : ThreadLocalRandom.current().nextLong(lo, hi + 1);
    }

    private static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
