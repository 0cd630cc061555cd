package mychat.server.moderation;

import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mychat.protocol.Rules;
import mychat.server.history.Ban;
import mychat.server.history.HistoryStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bans in force. The history store keeps them (so they survive a restart); this keeps a copy in memory for the
 * check every join makes on its connection's loop, which must not wait for a store. Changes made here update the
 * copy at once; in a cluster, bans made on other nodes arrive with {@link #reload}, which the server runs every
 * second. Any thread.
 */
public final class BanList {
    private static final Logger log = LoggerFactory.getLogger(BanList.class);

    private final HistoryStore store;
    private final Clock clock;
    /** Replaced whole, never changed in place. */
    private volatile List<Ban> bans = List.of();

    private BanList(HistoryStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Loads the stored bans, dropping the ones that have expired. Blocks: for start-up. */
    public static BanList load(HistoryStore store, Clock clock) throws Exception {
        BanList list = new BanList(store, clock);
        long now = clock.millis();
        for (Ban ban : store.bans().get(10, TimeUnit.SECONDS)) {
            if (ban.expiredAt(now)) {
                store.removeBan(ban.id());
            }
        }
        list.reload().get(10, TimeUnit.SECONDS);
        return list;
    }

    /**
     * The ban that keeps {@code nick} (or a client from {@code address}, which may be null) out of {@code room},
     * or null if none does. Never blocks.
     */
    public Ban find(String nick, InetAddress address, String room) {
        long now = clock.millis();
        String nickKey = Rules.nickKey(nick);
        String ip = address == null ? null : address.getHostAddress();
        for (Ban ban : bans) {
            if (ban.expiredAt(now) || ban.room() != null && !ban.room().equals(room)) {
                continue;
            }
            if (ban.nick() != null ? Rules.nickKey(ban.nick()).equals(nickKey) : ban.address().equals(ip)) {
                return ban;
            }
        }
        return null;
    }

    /**
     * Bans in force as the store has them, oldest first: in a cluster, also those made on other nodes a moment ago
     * that this node's copy does not have yet.
     */
    public CompletableFuture<List<Ban>> inForce() {
        return store.bans().thenApply(stored -> {
            long now = clock.millis();
            return stored.stream().filter(ban -> !ban.expiredAt(now)).toList();
        });
    }

    /** Stores a ban; it is in force here once the future completes. */
    public CompletableFuture<Ban> add(Ban ban) {
        return store.addBan(ban).thenApply(stored -> {
            synchronized (this) {
                List<Ban> next = new ArrayList<>(bans);
                next.add(stored);
                bans = List.copyOf(next);
            }
            return stored;
        });
    }

    /** Lifts ban {@code id}; completes with whether it existed. */
    public CompletableFuture<Boolean> remove(long id) {
        return store.removeBan(id).thenApply(existed -> {
            synchronized (this) {
                bans = bans.stream().filter(ban -> ban.id() != id).toList();
            }
            return existed;
        });
    }

    /** Reads the bans from the store again: in a cluster, to learn of bans made on other nodes. */
    public CompletableFuture<Void> reload() {
        return store.bans().handle((stored, error) -> {
            if (error != null) {
                log.debug("bans: cannot reload ({}); keeping the ones known", error.toString());
            } else {
                synchronized (this) {
                    bans = List.copyOf(stored);
                }
            }
            return null;
        });
    }
}
