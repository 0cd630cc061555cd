package mychat.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mychat.server.history.ChatMessage;
import org.junit.jupiter.api.Test;

class SharedOrderTest {
    private static SharedEvent said(long seq) {
        return new SharedEvent.Said(seq, new ChatMessage("r", seq, 0, "a", "t" + seq, null));
    }

    private static List<Long> drain(SharedOrder order) {
        List<Long> applied = new ArrayList<>();
        SharedEvent next;
        while ((next = order.pollNext()) != null) {
            applied.add(next.seq());
            order.applied(next.seq());
        }
        return applied;
    }

    @Test
    void eventsThatArriveOutOfOrderAreAppliedInOrderOnceTheGapCloses() {
        SharedOrder order = new SharedOrder(new RoomPeers.Snapshot(10, 5, Map.of(), List.of()));
        assertThat(order.offer(said(12))).isTrue();
        assertThat(order.offer(said(13))).isTrue();
        assertThat(drain(order)).isEmpty();
        assertThat(order.hasGap()).isTrue();

        assertThat(order.offer(said(11))).isTrue();
        assertThat(drain(order)).containsExactly(11L, 12L, 13L);
        assertThat(order.hasGap()).isFalse();
    }

    @Test
    void anEventSeenTwiceIsAppliedOnce() {
        SharedOrder order = new SharedOrder(new RoomPeers.Snapshot(0, 0, Map.of(), List.of()));
        order.offer(said(1));
        assertThat(drain(order)).containsExactly(1L);
        assertThat(order.offer(said(1))).isFalse();
        assertThat(drain(order)).isEmpty();
    }

    @Test
    void whatWaitsForAnEventRunsWhenItIsAppliedOrAtOnceIfItWasAlready() {
        SharedOrder order = new SharedOrder(new RoomPeers.Snapshot(0, 0, Map.of(), List.of()));
        List<String> ran = new ArrayList<>();
        order.afterApplied(2, () -> ran.add("after 2"));
        order.offer(said(2));
        drain(order);
        assertThat(ran).isEmpty();
        order.offer(said(1));
        drain(order);
        assertThat(ran).containsExactly("after 2");
        order.afterApplied(1, () -> ran.add("after 1"));
        assertThat(ran).containsExactly("after 2", "after 1");
    }

    @Test
    void aSnapshotSkipsTheEventsItCoveredAndRunsWhatWaitedForThem() {
        SharedOrder order = new SharedOrder(new RoomPeers.Snapshot(0, 0, Map.of(), List.of()));
        List<String> ran = new ArrayList<>();
        order.afterApplied(3, () -> ran.add("after 3"));
        order.offer(said(3));
        order.offer(said(6));
        order.skipTo(5);
        assertThat(ran).containsExactly("after 3");
        assertThat(drain(order)).containsExactly(6L);
    }

    @Test
    void numbersThatGoBackwardsAfterRedisLostItsDataStartTheCountAfresh() {
        SharedOrder order = new SharedOrder(new RoomPeers.Snapshot(50, 40, Map.of(), List.of()));
        List<String> ran = new ArrayList<>();
        order.afterApplied(52, () -> ran.add("after 52"));
        order.skipTo(2);
        assertThat(ran).containsExactly("after 52");
        assertThat(order.applied()).isEqualTo(2);
        order.offer(said(3));
        assertThat(drain(order)).containsExactly(3L);
    }

    @Test
    void theViewListsEveryNodesMembersInCodePointOrder() {
        SharedOrder order = new SharedOrder(new RoomPeers.Snapshot(0, 0, Map.of("n1/1", "bob"), List.of()));
        order.entered("n2/1", "Alice");
        order.entered("n2/2", "carol");
        order.exited("n1/1");
        assertThat(order.nicks()).containsExactly("Alice", "carol");
        assertThat(order.holds("n1/1")).isFalse();
    }

    @Test
    void aSnapshotsMembersBecomeTheExitsAndEntriesThatLeadToThem() {
        SharedOrder order = new SharedOrder(new RoomPeers.Snapshot(0, 0, Map.of("n1/1", "bob", "n1/2", "carol"),
                List.of()));
        assertThat(order.changesTo(Map.of("n1/2", "carol", "n2/1", "dave"))).containsExactly(
                new SharedEvent.Exited(0, "bob", "n1/1"), new SharedEvent.Entered(0, "dave", "n2/1"));
    }
}
