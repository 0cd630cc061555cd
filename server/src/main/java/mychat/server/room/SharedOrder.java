package mychat.server.room;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import mychat.protocol.Rules;

/**
 * A room's place in the shared order of a cluster: the last event applied, events that came early (their
 * predecessors are still on their way, from this node's answers or from the other nodes through pub/sub), who is in
 * the room on every node, and which of them are this node's connections. Owned by the room's event loop.
 *
 * <p>Events are applied strictly by {@code seq}, whichever way each arrives, so every node delivers the same
 * order. A gap that does not close soon means something was lost; the room then reads a snapshot instead.
 */
final class SharedOrder {
    private long applied;
    private final TreeMap<Long, SharedEvent> early = new TreeMap<>();
    /** What to do once an event of this node's is applied (its sender's answers wait for it). */
    private final Map<Long, Runnable> afterApplied = new HashMap<>();
    /** Everyone in the room, on every node: token to nick. */
    private final Map<String, String> view = new HashMap<>();
    /** This node's members by token, including ones still entering. */
    private final Map<String, Member> local = new HashMap<>();

    SharedOrder(RoomPeers.Snapshot start) {
        this.applied = start.seq();
        view.putAll(start.members());
    }

    long applied() {
        return applied;
    }

    /** Takes an event; false if it was applied already. */
    boolean offer(SharedEvent event) {
        if (event.seq() <= applied) {
            return false;
        }
        early.putIfAbsent(event.seq(), event);
        return true;
    }

    /** The next event in order, now applied; null if it has not come yet. */
    SharedEvent pollNext() {
        if (early.isEmpty() || early.firstKey() != applied + 1) {
            return null;
        }
        applied++;
        return early.pollFirstEntry().getValue();
    }

    boolean hasGap() {
        return !early.isEmpty();
    }

    /** Runs {@code step} once event {@code seq} is applied: now, if it is already. */
    void afterApplied(long seq, Runnable step) {
        if (seq <= applied) {
            step.run();
        } else {
            afterApplied.put(seq, step);
        }
    }

    /** Runs what waited for event {@code seq}, which has just been applied. */
    void applied(long seq) {
        Runnable step = afterApplied.remove(seq);
        if (step != null) {
            step.run();
        }
    }

    /**
     * Moves past everything up to {@code seq}, which a snapshot covered: drops those events, runs what waited. A
     * {@code seq} below the applied one means Redis lost its data and numbers afresh: the old numbers are void.
     */
    void skipTo(long seq) {
        if (seq == applied) {
            return;
        }
        if (seq < applied) {
            early.clear();
            List<Long> all = new ArrayList<>(afterApplied.keySet());
            applied = seq;
            all.stream().sorted().forEach(this::applied);
            return;
        }
        applied = seq;
        early.headMap(seq, true).clear();
        List<Long> done = new ArrayList<>();
        afterApplied.keySet().forEach(s -> {
            if (s <= seq) {
                done.add(s);
            }
        });
        done.stream().sorted().forEach(this::applied);
    }

    Map<String, String> view() {
        return view;
    }

    void entered(String token, String nick) {
        view.put(token, nick);
    }

    void exited(String token) {
        view.remove(token);
    }

    /**
     * Who came and went between the view and {@code members} (a snapshot's): exits first, then entries, as events
     * without a number, for the room to apply like any other.
     */
    List<SharedEvent> changesTo(Map<String, String> members) {
        List<SharedEvent> changes = new ArrayList<>();
        view.forEach((token, nick) -> {
            if (!members.containsKey(token)) {
                changes.add(new SharedEvent.Exited(0, nick, token));
            }
        });
        members.forEach((token, nick) -> {
            if (!view.containsKey(token)) {
                changes.add(new SharedEvent.Entered(0, nick, token));
            }
        });
        return changes;
    }

    boolean holds(String token) {
        return view.containsKey(token);
    }

    /** Every nick in the room, in code point order: {@code Joined.members}. */
    List<String> nicks() {
        List<String> nicks = new ArrayList<>(view.values());
        nicks.sort(Rules.CODE_POINT_ORDER);
        return nicks;
    }

    void addLocal(Member m) {
        local.put(m.token, m);
    }

    Member local(String token) {
        return local.get(token);
    }

    void removeLocal(Member m) {
        local.remove(m.token);
    }
}
