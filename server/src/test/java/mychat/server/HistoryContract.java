package mychat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import mychat.protocol.ClientRequest;
import mychat.protocol.ErrorCode;
import mychat.protocol.ServerEvent;
import org.junit.jupiter.api.Test;

/**
 * What history promises, whatever the store: ids, replay on join, resume, paging, idempotent sends. Run once per
 * store by {@link MemoryHistoryTest} and {@link SqliteHistoryTest}.
 */
abstract class HistoryContract {
    private static final AtomicInteger ROOMS = new AtomicInteger();

    abstract RunningServer running();

    static String freshRoom() {
        return "history-" + ROOMS.incrementAndGet();
    }

    /** Says {@code count} lines and waits for each echo; returns the echoed messages. */
    static List<ServerEvent.Message> sayAll(TestClient client, String prefix, int count) {
        List<ServerEvent.Message> echoed = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            client.say(prefix + i);
        }
        while (echoed.size() < count) {
            if (client.next() instanceof ServerEvent.Message m && m.text().startsWith(prefix)) {
                echoed.add(m);
            }
        }
        return echoed;
    }

    static List<ServerEvent.Message> history(TestClient client, int count) {
        List<ServerEvent.Message> replay = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ServerEvent.Message m = client.expect(ServerEvent.Message.class);
            assertThat(m.history()).as("replayed message %s is marked as history", m).isTrue();
            replay.add(m);
        }
        return replay;
    }

    @Test
    void messagesCarryRoomAndStrictlyIncreasingIds() {
        String room = freshRoom();
        try (TestClient alice = TestClient.joined(running().port(), room, "alice")) {
            List<ServerEvent.Message> sent = sayAll(alice, "m", 5);
            assertThat(sent).extracting(ServerEvent.Message::room).containsOnly(room);
            assertThat(sent).extracting(ServerEvent.Message::id).containsExactly(1L, 2L, 3L, 4L, 5L);
            assertThat(sent).noneMatch(ServerEvent.Message::history);
        }
    }

    @Test
    void joinReplaysTheNewestMessagesOldestFirstThenLive() {
        String room = freshRoom();
        try (TestClient alice = TestClient.joined(running().port(), room, "alice")) {
            List<ServerEvent.Message> sent = sayAll(alice, "early ", 60);
            try (TestClient bob = TestClient.connect(running().port())) {
                bob.send(new ClientRequest.Join(room, "bob"));
                ServerEvent.Joined joined = bob.expect(ServerEvent.Joined.class);
                assertThat(joined.recovered()).isNull();
                List<ServerEvent.Message> replay = history(bob, 50);
                assertThat(replay).extracting(ServerEvent.Message::id)
                        .isEqualTo(sent.subList(10, 60).stream().map(ServerEvent.Message::id).toList());
                alice.expect(ServerEvent.UserJoined.class);
                alice.say("live");
                ServerEvent.Message live = bob.expect(ServerEvent.Message.class);
                assertThat(live.history()).isFalse();
                assertThat(live.id()).isEqualTo(61);
            }
        }
    }

    @Test
    void resumeWithSinceReplaysEveryMessageAfterItExactlyOnce() {
        String room = freshRoom();
        try (TestClient alice = TestClient.joined(running().port(), room, "alice")) {
            long lastSeen;
            try (TestClient bob = TestClient.joined(running().port(), room, "bob")) {
                alice.expect(ServerEvent.UserJoined.class);
                lastSeen = sayAll(alice, "before ", 3).getLast().id();
                for (int i = 0; i < 3; i++) {
                    bob.expect(ServerEvent.Message.class);
                }
            }
            alice.expect(ServerEvent.UserLeft.class);
            List<ServerEvent.Message> missed = sayAll(alice, "missed ", 120); // more than the in-memory tail
            try (TestClient bob = TestClient.connect(running().port())) {
                bob.send(new ClientRequest.Join(room, "bob", lastSeen));
                assertThat(bob.expect(ServerEvent.Joined.class).recovered()).isTrue();
                assertThat(history(bob, 120)).extracting(ServerEvent.Message::id)
                        .isEqualTo(missed.stream().map(ServerEvent.Message::id).toList());
                alice.say("after resume");
                ServerEvent.Message live = bob.expect(ServerEvent.Message.class);
                assertThat(live.text()).isEqualTo("after resume");
                assertThat(live.history()).isFalse();
            }
        }
    }

    @Test
    void resumeWithNothingMissedIsRecoveredWithNoReplay() {
        String room = freshRoom();
        try (TestClient alice = TestClient.joined(running().port(), room, "alice")) {
            long last = sayAll(alice, "x", 2).getLast().id();
            try (TestClient bob = TestClient.connect(running().port())) {
                bob.send(new ClientRequest.Join(room, "bob", last));
                assertThat(bob.expect(ServerEvent.Joined.class).recovered()).isTrue();
                bob.expectNothingMoreThenRoomList();
            }
        }
    }

    @Test
    void resumeFromACursorThisRoomNeverReachedIsNotRecovered() {
        String room = freshRoom();
        try (TestClient alice = TestClient.joined(running().port(), room, "alice")) {
            sayAll(alice, "x", 2);
            try (TestClient bob = TestClient.connect(running().port())) {
                bob.send(new ClientRequest.Join(room, "bob", 999L));
                assertThat(bob.expect(ServerEvent.Joined.class).recovered()).isFalse();
                assertThat(history(bob, 2)).extracting(ServerEvent.Message::id).containsExactly(1L, 2L);
            }
        }
    }

    @Test
    void historySeamHasNoGapAndNoDuplicateWhileOthersKeepSending() throws Exception {
        String room = freshRoom();
        try (TestClient sender1 = TestClient.joined(running().port(), room, "s1");
             TestClient sender2 = TestClient.joined(running().port(), room, "s2")) {
            sayAll(sender1, "warm-up ", 1);
            AtomicBoolean stop = new AtomicBoolean();
            List<CompletableFuture<Void>> senders = new ArrayList<>();
            for (TestClient s : List.of(sender1, sender2)) {
                senders.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 400 && !stop.get(); i++) {
                        s.say("burst " + i);
                    }
                }));
            }
            try (TestClient joiner = TestClient.connect(running().port())) {
                joiner.send(new ClientRequest.Join(room, "joiner"));
                joiner.expect(ServerEvent.Joined.class);
                CompletableFuture.allOf(senders.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
                sender1.say("final");
                List<Long> ids = new ArrayList<>();
                while (true) {
                    if (joiner.next() instanceof ServerEvent.Message m) {
                        ids.add(m.id());
                        if (m.text().equals("final")) {
                            break;
                        }
                    }
                }
                for (int i = 1; i < ids.size(); i++) {
                    assertThat(ids.get(i)).as("id after %s", ids.get(i - 1)).isEqualTo(ids.get(i - 1) + 1);
                }
            } finally {
                stop.set(true);
            }
        }
    }

    @Test
    void pagingWalksTheWholeHistoryExactlyOnceInBothDirections() {
        String room = freshRoom();
        try (TestClient alice = TestClient.joined(running().port(), room, "alice")) {
            List<Long> all = sayAll(alice, "p", 230).stream().map(ServerEvent.Message::id).toList();

            List<Long> backwards = new ArrayList<>();
            Long before = null;
            boolean more = true;
            while (more) {
                alice.send(new ClientRequest.History(before, null, 60));
                ServerEvent.HistoryPage page = alice.expect(ServerEvent.HistoryPage.class);
                assertThat(page.room()).isEqualTo(room);
                assertThat(page.messages()).allMatch(ServerEvent.Message::history);
                backwards.addAll(0, page.messages().stream().map(ServerEvent.Message::id).toList());
                more = page.more();
                before = page.messages().isEmpty() ? null : page.messages().getFirst().id();
            }
            assertThat(backwards).isEqualTo(all);

            List<Long> forwards = new ArrayList<>();
            long after = 0;
            more = true;
            while (more) {
                alice.send(ClientRequest.History.after(after, 70));
                ServerEvent.HistoryPage page = alice.expect(ServerEvent.HistoryPage.class);
                forwards.addAll(page.messages().stream().map(ServerEvent.Message::id).toList());
                more = page.more();
                after = page.messages().isEmpty() ? after : page.messages().getLast().id();
            }
            assertThat(forwards).isEqualTo(all);
        }
    }

    @Test
    void historyOutsideARoomIsNotInRoomAndBadLimitsAreBadRequests() {
        try (TestClient client = TestClient.connect(running().port())) {
            client.send(ClientRequest.History.newest(10));
            client.expectError(ErrorCode.NOT_IN_ROOM);
            client.sendText("{\"type\":\"History\",\"limit\":500}");
            client.expectError(ErrorCode.BAD_REQUEST);
            client.sendText("{\"type\":\"History\",\"before\":3,\"after\":1}");
            client.expectError(ErrorCode.BAD_REQUEST);
        }
    }

    @Test
    void aRoomEmptiedWhileItsLastMessagesAreStoredContinuesAfterThemWhenJoinedAgain() {
        String room = freshRoom();
        int rounds = 10;
        int perRound = 5;
        for (int round = 0; round < rounds; round++) {
            try (TestClient sender = TestClient.joined(running().port(), room, "u" + round)) {
                if (round < rounds - 1) {
                    for (int i = 0; i < perRound; i++) {
                        sender.say(round + "-" + i);
                    }
                } else {
                    // the last sender waits for its echoes: the reader's request, on another connection, could
                    // otherwise overtake them, and with them every id before
                    sayAll(sender, round + "-", perRound);
                }
            } // gone right after sending: the room empties while its last messages may still be on their way
        }
        try (TestClient reader = TestClient.joined(running().port(), room, "reader")) {
            reader.send(ClientRequest.History.newest(200));
            ServerEvent event = reader.next();
            while (!(event instanceof ServerEvent.HistoryPage)) {
                assertThat(event).isInstanceOf(ServerEvent.Message.class); // the join's replay comes first
                event = reader.next();
            }
            List<ServerEvent.Message> all = ((ServerEvent.HistoryPage) event).messages();
            // A sender that closes at once may lose lines it had not written yet (the test client aborts), so
            // not every line need be there; but ids run 1, 2, 3... without gap, and in id order the lines keep
            // the order they were said in: a room that restarted from a stale last id would have overwritten
            // older lines with newer ones.
            assertThat(all).extracting(ServerEvent.Message::id)
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, all.size()).boxed().toList());
            List<Integer> saidOrder = all.stream().map(m -> {
                String[] parts = m.text().split("-");
                return Integer.parseInt(parts[0]) * 100 + Integer.parseInt(parts[1]);
            }).toList();
            assertThat(saidOrder).isSorted().doesNotHaveDuplicates();
            assertThat(all.subList(all.size() - perRound, all.size())).extracting(ServerEvent.Message::text)
                    .allMatch(text -> text.startsWith((rounds - 1) + "-"));
        }
    }

    @Test
    void resendingWithTheSameCidDoesNotStoreOrBroadcastTwice() {
        String room = freshRoom();
        try (TestClient alice = TestClient.joined(running().port(), room, "alice");
             TestClient bob = TestClient.joined(running().port(), room, "bob")) {
            alice.expect(ServerEvent.UserJoined.class);
            alice.send(new ClientRequest.SendMsg("only once", "cid-1"));
            ServerEvent.Message first = alice.expect(ServerEvent.Message.class);
            assertThat(first.cid()).isEqualTo("cid-1");
            assertThat(bob.expect(ServerEvent.Message.class)).isEqualTo(first);

            alice.send(new ClientRequest.SendMsg("only once", "cid-1"));
            assertThat(alice.expect(ServerEvent.Message.class)).isEqualTo(first); // the original, to the sender
            bob.expectNothingMoreThenRoomList();

            alice.send(new ClientRequest.SendMsg("another", "cid-2"));
            assertThat(alice.expect(ServerEvent.Message.class).id()).isEqualTo(first.id() + 1);
            alice.send(ClientRequest.History.newest(10));
            assertThat(alice.expect(ServerEvent.HistoryPage.class).messages())
                    .extracting(ServerEvent.Message::text).containsExactly("only once", "another");
        }
    }

    @Test
    void aResendRightBehindItsOriginalReachesEveryoneOnce() {
        String room = freshRoom();
        try (TestClient alice = TestClient.joined(running().port(), room, "alice");
             TestClient bob = TestClient.joined(running().port(), room, "bob")) {
            alice.expect(ServerEvent.UserJoined.class);
            alice.send(new ClientRequest.SendMsg("quick", "k"));
            alice.send(new ClientRequest.SendMsg("quick", "k")); // likely before the first is stored
            ServerEvent.Message first = alice.expect(ServerEvent.Message.class);
            assertThat(bob.expect(ServerEvent.Message.class)).isEqualTo(first);
            bob.expectNothingMoreThenRoomList();
            // if the resend came after the original was out, alice alone gets the original once more
            alice.send(new ClientRequest.ListRooms());
            ServerEvent next = alice.next();
            if (next instanceof ServerEvent.Message again) {
                assertThat(again).isEqualTo(first);
                next = alice.next();
            }
            assertThat(next).isInstanceOf(ServerEvent.RoomList.class);
        }
    }

    @Test
    void sameCidFromAnotherNickIsADifferentMessage() {
        String room = freshRoom();
        try (TestClient alice = TestClient.joined(running().port(), room, "alice");
             TestClient bob = TestClient.joined(running().port(), room, "bob")) {
            alice.expect(ServerEvent.UserJoined.class);
            alice.send(new ClientRequest.SendMsg("a", "same"));
            bob.send(new ClientRequest.SendMsg("b", "same"));
            assertThat(List.of(alice.expect(ServerEvent.Message.class).id(),
                    alice.expect(ServerEvent.Message.class).id())).containsExactlyInAnyOrder(1L, 2L);
        }
    }
}
