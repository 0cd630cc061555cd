package mychat.client.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import mychat.protocol.ErrorCode;
import mychat.protocol.ServerEvent;
import org.junit.jupiter.api.Test;

/** What the model does with each event the server sends. */
class ChatModelServerEventsTest {

    @Test
    void joinedPutsYouInTheRoomWithItsMembers() {
        ChatDriver chat = ChatDriver.connected();
        chat.enter("/join lobby");

        chat.receive(new ServerEvent.Joined("lobby", List.of("alice", "bob")));

        assertThat(chat.model.room()).contains("lobby");
        assertThat(chat.model.members()).containsExactly("alice", "bob");
        assertThat(chat.model.nick()).isEqualTo("alice");
        assertThat(chat.lastEntry().kind()).isEqualTo(Entry.Kind.INFO);
        assertThat(chat.lastEntry().text()).isEqualTo("you are in lobby as alice — 2 members: alice, bob");
    }

    @Test
    void joinedAloneSaysOneMember() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice");

        assertThat(chat.lastEntry().text()).endsWith("1 member: alice");
    }

    @Test
    void joinedNamesAtMostTwentyMembersAndCountsTheRest() {
        List<String> members = new ArrayList<>();
        for (int i = 10; i < 35; i++) {
            members.add("user" + i);
        }
        ChatDriver chat = ChatDriver.connected();
        chat.joinRoom("crowd", members.toArray(String[]::new));

        assertThat(chat.lastEntry().text())
                .contains("25 members: user10, user11")
                .contains("user29 and 5 more")
                .doesNotContain("user30");
    }

    @Test
    void someoneJoiningIsAddedToTheMembersInOrderAndAnnounced() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice", "carol");

        chat.receive(new ServerEvent.UserJoined("bob"));

        assertThat(chat.model.members()).containsExactly("alice", "bob", "carol");
        assertThat(chat.lastEntry()).isEqualTo(new Entry(Entry.Kind.INFO, ChatDriver.NOW, null, "bob joined lobby"));
    }

    @Test
    void someoneLeavingIsRemovedFromTheMembersAndAnnounced() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice", "bob");

        chat.receive(new ServerEvent.UserLeft("bob"));

        assertThat(chat.model.members()).containsExactly("alice");
        assertThat(chat.lastEntry().text()).isEqualTo("bob left lobby");
    }

    @Test
    void aMessageFromSomeoneElseIsShownWithTheServerTime() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice", "bob");

        chat.messageAt("bob", "hi alice", 1_000L);

        Entry entry = chat.lastEntry();
        assertThat(entry.kind()).isEqualTo(Entry.Kind.MESSAGE);
        assertThat(entry.timeMillis()).isEqualTo(1_000L);
        assertThat(entry.nick()).isEqualTo("bob");
        assertThat(entry.text()).isEqualTo("hi alice");
        assertThat(entry.room()).isEqualTo("lobby");
        assertThat(entry.earlier()).isFalse();
    }

    @Test
    void aMessageUnderYourOwnNickIsMarkedAsOwn() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice", "bob");

        chat.message("alice", "hi bob");

        assertThat(chat.lastEntry().kind()).isEqualTo(Entry.Kind.OWN_MESSAGE);
    }

    @Test
    void ownMessagesAreRecognisedByTheNickUsedForTheJoinNotTheNickForTheNextJoin() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice", "bob");
        chat.enter("/nick bob2");

        chat.message("bob2", "not me yet");
        assertThat(chat.lastEntry().kind()).isEqualTo(Entry.Kind.MESSAGE);
        chat.message("alice", "still me");
        assertThat(chat.lastEntry().kind()).isEqualTo(Entry.Kind.OWN_MESSAGE);

        chat.joinRoom("lobby", "bob", "bob2");
        chat.message("bob2", "me now");
        assertThat(chat.lastEntry().kind()).isEqualTo(Entry.Kind.OWN_MESSAGE);
    }

    @Test
    void anEmptyRoomListSuggestsCreatingARoom() {
        ChatDriver chat = ChatDriver.connected();

        chat.receive(new ServerEvent.RoomList(List.of()));

        assertThat(chat.lastEntry().text()).isEqualTo("no rooms yet — /join <name> creates one");
    }

    @Test
    void aRoomListNamesEveryRoom() {
        ChatDriver chat = ChatDriver.connected();

        chat.receive(new ServerEvent.RoomList(List.of("books", "lobby")));

        assertThat(chat.lastEntry().kind()).isEqualTo(Entry.Kind.INFO);
        assertThat(chat.lastEntry().text()).isEqualTo("rooms (2): books  lobby");
    }

    @Test
    void nickTakenWhileMovingToAnotherRoomLeavesYouInNoRoom() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice", "bob");
        chat.enter("/join random");

        chat.receive(ServerEvent.Error.of(ErrorCode.NICK_TAKEN));

        assertThat(chat.model.room()).isEmpty();
        assertThat(chat.model.members()).isEmpty();
        assertThat(chat.lastEntry().kind()).isEqualTo(Entry.Kind.ERROR);
        assertThat(chat.lastEntry().text())
                .contains("the nick alice is taken in random", "/nick <name>", "/join random");
    }

    @Test
    void nickTakenWhenRenamingInTheSameRoomKeepsYouThereUnderTheOldNick() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice", "bob");
        chat.enter("/nick bob");
        chat.enter("/join lobby");

        chat.receive(ServerEvent.Error.of(ErrorCode.NICK_TAKEN));

        assertThat(chat.model.room()).contains("lobby");
        assertThat(chat.model.nick()).isEqualTo("alice");
        assertThat(chat.model.members()).containsExactly("alice", "bob");
        assertThat(chat.lastEntry().text()).contains("the nick bob is taken in lobby");
    }

    @Test
    void nickTakenOnTheFirstJoinLetsYouTypeAgainWithoutWaiting() {
        ChatDriver chat = ChatDriver.connected();
        chat.enter("/join lobby");

        chat.receive(ServerEvent.Error.of(ErrorCode.NICK_TAKEN));
        chat.enter("hello");

        assertThat(chat.lastEntry().text()).as("the join is over, not pending").contains("not in a room");
    }

    @Test
    void laggedWarnsWithTheNumberOfMissedMessages() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice");

        List<mychat.client.state.Effect> effects = chat.receive(ServerEvent.Error.lagged(42, 101, 142));

        assertThat(chat.lastEntry().kind()).isEqualTo(Entry.Kind.WARNING);
        assertThat(chat.lastEntry().text()).isEqualTo("you fell behind and missed 42 messages — fetching them");
        assertThat(chat.model.room()).contains("lobby");
        assertThat(effects).containsExactly(new Effect.Send(mychat.protocol.ClientRequest.History.after(100, 42)));
    }

    @Test
    void laggedByOneUsesTheSingular() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice");

        chat.receive(ServerEvent.Error.lagged(1, 7, 7));

        assertThat(chat.lastEntry().text()).isEqualTo("you fell behind and missed 1 message — fetching them");
    }

    @Test
    void anInvalidRoomOrNickShowsTheServersReasonAndEndsThePendingJoin() {
        ChatDriver chat = ChatDriver.connected();
        chat.enter("/join lobby");

        chat.receive(ServerEvent.Error.of(ErrorCode.INVALID_ROOM, "no such room name"));

        assertThat(chat.lastEntry().kind()).isEqualTo(Entry.Kind.ERROR);
        assertThat(chat.lastEntry().text()).isEqualTo("no such room name");
        chat.enter("hello");
        assertThat(chat.lastEntry().text()).doesNotContain("still joining");
    }

    @Test
    void notInRoomTellsTheModelItIsInNoRoom() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice", "bob");

        chat.receive(ServerEvent.Error.of(ErrorCode.NOT_IN_ROOM));

        assertThat(chat.model.room()).isEmpty();
        assertThat(chat.model.members()).isEmpty();
        assertThat(chat.lastEntry().text()).contains("not in a room", "/join <room>");
    }

    @Test
    void aRefusedMessageSaysWhy() {
        ChatDriver chat = ChatDriver.inRoom("lobby", "alice");

        chat.receive(ServerEvent.Error.of(ErrorCode.EMPTY_MESSAGE));
        assertThat(chat.lastEntry().text()).startsWith("message refused: message text is empty");

        chat.receive(ServerEvent.Error.of(ErrorCode.TOO_LONG));
        assertThat(chat.lastEntry().text()).startsWith("message refused: message text is longer than 2048");
    }

    @Test
    void aBadRequestIsReported() {
        ChatDriver chat = ChatDriver.connected();

        chat.receive(ServerEvent.Error.of(ErrorCode.BAD_REQUEST, "unknown type"));

        assertThat(chat.lastEntry().kind()).isEqualTo(Entry.Kind.ERROR);
        assertThat(chat.lastEntry().text()).isEqualTo("the server did not understand a request: unknown type");
    }
}
