package mychat.server.cluster;

import io.lettuce.core.api.async.RedisAsyncCommands;
import io.opentelemetry.api.trace.Span;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import mychat.protocol.Limits;
import mychat.protocol.Rules;
import mychat.server.history.Ban;
import mychat.server.history.ChatMessage;
import mychat.server.history.HistoryStore;
import mychat.server.metrics.ServerMetrics;
import mychat.server.telemetry.Tracing;
import mychat.server.room.RoomPeers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rooms shared through Redis ({@code CHAT_STORE=redis}): each room's members, ids, event numbers and messages are
 * Redis keys changed only by the scripts in {@link Scripts}, one atomic step each (see {@link RoomKeys}). Also the
 * history store of a cluster node: its reads are the room's stream.
 *
 * <p>Changes carry a deadline on Redis' clock 0.75 s out, and the commands time out on this side after 1.5 s: a
 * change this node gave up on (and answered {@code unavailable} for) cannot happen later, when a stalled Redis
 * resumes.
 */
final class RedisRooms implements RoomPeers, HistoryStore {
    private static final Logger log = LoggerFactory.getLogger(RedisRooms.class);
    /**
     * How long after its issue a change may still run on Redis. Commands time out on this side at twice that: the
     * difference is the time an answer may take from Redis to the room without a change this node gave up on
     * having taken effect.
     */
    static final long DEADLINE_MILLIS = 750;
    /** Room keys expire this long after the room's last message or entry. */
    static final long ROOM_TTL_SECONDS = TimeUnit.DAYS.toSeconds(7);

    private final RedisAsyncCommands<String, String> redis;
    private final PubSub pubSub;
    private final NodeIdentity node;
    private final ServerMetrics metrics;
    private final Tracing tracing;
    private final int historyMax;
    /** Exits that could not reach Redis; retried by the heartbeat until Redis has them. */
    private final ConcurrentLinkedQueue<String[]> failedExits = new ConcurrentLinkedQueue<>();
    private final RedisBans bans;

    RedisRooms(RedisAsyncCommands<String, String> redis, PubSub pubSub, NodeIdentity node, ServerMetrics metrics,
               Tracing tracing, int historyMax) {
        this.redis = redis;
        this.pubSub = pubSub;
        this.node = node;
        this.metrics = metrics;
        this.tracing = tracing;
        this.historyMax = historyMax;
        this.bans = new RedisBans(redis);
    }

    // ---- RoomPeers ----------------------------------------------------------------------------------------------

    @Override
    public void typing(String room, String nick) {
        redis.publish(RoomKeys.of(room).channel(), PubSub.typingMessage(node.id(), nick)); // best effort: not awaited
    }

    @Override
    public CompletableFuture<Snapshot> start(String room, int tail) {
        RoomKeys keys = RoomKeys.of(room);
        return pubSub.subscribe(keys.channel())
                .thenCompose(subscribed -> this.<List<Object>>run(Scripts.SNAPSHOT, keys, "-1", String.valueOf(tail),
                        "0"))
                .thenApply(reply -> snapshot(room, reply, true));
    }

    @Override
    public CompletableFuture<Snapshot> snapshot(String room, long afterId, int limit, Executor completions) {
        RoomKeys keys = RoomKeys.of(room);
        return on(completions, this.<List<Object>>run(Scripts.SNAPSHOT, keys, String.valueOf(afterId),
                String.valueOf(limit), String.valueOf(afterId)), reply -> snapshot(room, reply, false));
    }

    @Override
    public String newToken() {
        return node.newToken();
    }

    @Override
    public CompletableFuture<Entry> enter(String room, String nick, String token, long idFloor,
                                          Executor completions) {
        RoomKeys keys = RoomKeys.of(room);
        return on(completions, this.<List<Object>>run(Scripts.ENTER, keys, keys.channel(), Rules.nickKey(nick), nick,
                token, String.valueOf(idFloor), String.valueOf(node.redisDeadline(DEADLINE_MILLIS)),
                String.valueOf(ROOM_TTL_SECONDS)), reply -> switch ((String) reply.getFirst()) {
                    case "ok" -> new Entry.Entered((Long) reply.get(1));
                    case "taken" -> new Entry.Taken();
                    default -> throw new IllegalStateException("deadline passed before Redis ran the entry");
                });
    }

    @Override
    public void exit(String room, String nick, String token) {
        RoomKeys keys = RoomKeys.of(room);
        this.<List<Object>>run(Scripts.EXIT, keys, keys.channel(), Rules.nickKey(nick), token)
                .whenComplete((reply, error) -> {
                    if (error != null) {
                        failedExits.add(new String[] {room, nick, token});
                    }
                });
    }

    /** Tries the exits that failed again; called by the heartbeat once Redis answers. */
    void retryFailedExits() {
        String[] exit;
        for (int n = failedExits.size(); n > 0 && (exit = failedExits.poll()) != null; n--) {
            exit(exit[0], exit[1], exit[2]);
        }
    }

    @Override
    public CompletableFuture<Said> say(Draft draft, String token, long idFloor, Executor completions) {
        RoomKeys keys = RoomKeys.of(draft.room());
        String nickKey = Rules.nickKey(draft.from());
        String cid = draft.cid() == null ? "" : draft.cid();
        String cidKey = keys.cid(nickKey, cid);
        return on(completions, this.<List<Object>>run(Scripts.SAY, new String[] {keys.state(), keys.log(),
                keys.members(), cidKey}, keys.channel(), nickKey, token, draft.from(), draft.text(), cid,
                String.valueOf(idFloor), String.valueOf(node.redisDeadline(DEADLINE_MILLIS)),
                String.valueOf(historyMax), String.valueOf(ROOM_TTL_SECONDS),
                String.valueOf(Limits.CID_WINDOW_MILLIS)), reply -> switch ((String) reply.getFirst()) {
                    case "ok" -> new Said.Stored((Long) reply.get(1), new ChatMessage(draft.room(),
                            (Long) reply.get(2), (Long) reply.get(3), draft.from(), draft.text(), draft.cid()));
                    case "dup" -> {
                        long ts = (Long) reply.get(2);
                        String text = reply.get(3) instanceof String t ? t : draft.text();
                        yield new Said.Duplicate(new ChatMessage(draft.room(), (Long) reply.get(1),
                                ts == 0 ? System.currentTimeMillis() : ts, draft.from(), text, draft.cid()));
                    }
                    case "gone" -> new Said.Gone();
                    default -> throw new IllegalStateException("deadline passed before Redis ran the message");
                });
    }

    @Override
    public void release(String room) {
        pubSub.unsubscribe(RoomKeys.of(room).channel());
    }

    // ---- HistoryStore ---------------------------------------------------------------------------------------------

    @Override
    public CompletableFuture<RoomStart> open(String room, int tail) {
        // not used by rooms in a cluster (they open through RoomPeers); here for the store contract
        return this.<List<Object>>run(Scripts.SNAPSHOT, RoomKeys.of(room), "-1", String.valueOf(tail), "0")
                .thenApply(reply -> {
                    Snapshot s = snapshot(room, reply, true);
                    return new RoomStart(s.lastId(), s.messages());
                });
    }

    /** Appends without a membership check: for the store contract; rooms in a cluster use {@link #say}. */
    @Override
    public CompletableFuture<Appended> append(Draft draft, Executor completions) {
        return say(draft, "", 0, Runnable::run).thenApplyAsync(said -> switch (said) {
            case Said.Stored stored -> new Appended(stored.message(), false);
            case Said.Duplicate duplicate -> new Appended(duplicate.original(), true);
            case Said.Gone gone -> throw new IllegalStateException("no membership check without a token");
        }, completions);
    }

    @Override
    public CompletableFuture<Page> read(String room, long afterId, long upToId, int limit, From from,
                                        Executor completions) {
        return on(completions, this.<List<Object>>run(Scripts.READ, RoomKeys.of(room), String.valueOf(afterId),
                String.valueOf(upToId), String.valueOf(limit), from == From.OLDEST ? "old" : "new"), reply -> {
                    long oldest = streamId((String) reply.get(0));
                    List<ChatMessage> messages = messages(room, (List<?>) reply.get(1));
                    boolean more = messages.size() > limit;
                    if (more) {
                        messages = messages.subList(0, limit);
                    }
                    if (from == From.NEWEST) {
                        messages = messages.reversed();
                    }
                    return new Page(List.copyOf(messages), more, oldest);
                });
    }

    /** Deletes through the operators' action, so the rooms on every node hear of it. */
    @Override
    public CompletableFuture<Boolean> delete(String room, long id, Executor completions) {
        return on(completions, moderate(room, "delete", String.valueOf(id)), "ok"::equals);
    }

    @Override
    public CompletableFuture<List<Ban>> bans() {
        return bans.all();
    }

    @Override
    public CompletableFuture<Ban> addBan(Ban ban) {
        return bans.add(ban);
    }

    @Override
    public CompletableFuture<Boolean> removeBan(long id) {
        return bans.remove(id);
    }

    @Override
    public int pendingWrites() {
        return 0;
    }

    /**
     * Runs an operator's action on a room (see {@code moderate.lua}); completes with {@code "ok"} or
     * {@code "missing"}.
     */
    CompletableFuture<String> moderate(String room, String action, String... args) {
        RoomKeys keys = RoomKeys.of(room);
        String[] all = new String[args.length + 2];
        all[0] = keys.channel();
        all[1] = action;
        System.arraycopy(args, 0, all, 2, args.length);
        return this.<List<Object>>run(Scripts.MODERATE, keys, all).thenApply(reply -> (String) reply.getFirst());
    }

    @Override
    public void close(long timeoutMillis) {
        // the connections belong to the cluster, which closes them
    }

    // ---- plumbing -------------------------------------------------------------------------------------------------

    private <T> CompletableFuture<T> run(Scripts script, RoomKeys keys, String... args) {
        return run(script, new String[] {keys.state(), keys.log(), keys.members()}, args);
    }

    private <T> CompletableFuture<T> run(Scripts script, String[] keys, String... args) {
        long started = System.nanoTime();
        Span span = tracing.redisCall(script.function());
        CompletableFuture<T> result = script.run(redis, keys, args);
        result.whenComplete((r, e) -> {
            metrics.redisLatency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            if (e != null) {
                Tracing.failed(span, e.getClass().getName());
            } else {
                span.end();
            }
        });
        return result;
    }

    /** Maps a reply on {@code completions}; a failure or a mapping that throws completes the result exceptionally. */
    private static <T, R> CompletableFuture<R> on(Executor completions, CompletableFuture<T> reply,
                                                  Function<T, R> map) {
        CompletableFuture<R> result = new CompletableFuture<>();
        reply.whenComplete((value, error) -> completions.execute(() -> {
            if (error != null) {
                result.completeExceptionally(error);
                return;
            }
            try {
                result.complete(map.apply(value));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }));
        return result;
    }

    private Snapshot snapshot(String room, List<Object> reply, boolean newestFirst) {
        Map<String, String> members = new HashMap<>();
        List<?> flat = (List<?>) reply.get(2);
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            members.put((String) flat.get(i), (String) flat.get(i + 1));
        }
        List<ChatMessage> messages = messages(room, (List<?>) reply.get(3));
        return new Snapshot((Long) reply.get(0), (Long) reply.get(1), members,
                newestFirst ? messages.reversed() : messages);
    }

    /** Stream entries ({@code [id, [field, value, …]]}) as messages, in the order given. */
    private static List<ChatMessage> messages(String room, List<?> entries) {
        List<ChatMessage> out = new ArrayList<>(entries.size());
        for (Object e : entries) {
            List<?> entry = (List<?>) e;
            List<?> fields = (List<?>) entry.get(1);
            long ts = 0;
            String from = null;
            String text = null;
            String cid = null;
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                String value = (String) fields.get(i + 1);
                switch ((String) fields.get(i)) {
                    case "ts" -> ts = Long.parseLong(value);
                    case "from" -> from = value;
                    case "text" -> text = value;
                    case "cid" -> cid = value;
                    default -> log.debug("room {}: unknown message field {}", room, fields.get(i));
                }
            }
            out.add(new ChatMessage(room, streamId((String) entry.get(0)), ts, from, text, cid));
        }
        return out;
    }

    private static long streamId(String id) {
        int dash = id.indexOf('-');
        return Long.parseLong(dash < 0 ? id : id.substring(0, dash));
    }
}
