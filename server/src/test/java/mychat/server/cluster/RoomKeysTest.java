package mychat.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RoomKeysTest {
    @Test
    void everyKeyOfARoomSharesTheRoomAsItsHashTag() {
        RoomKeys keys = RoomKeys.of("lobby");
        for (String key : new String[] {keys.state(), keys.log(), keys.members(), keys.channel(),
                keys.cid("alice", "c1")}) {
            assertThat(hashTag(key)).isEqualTo("lobby");
        }
    }

    @Test
    void bracesAndPercentInARoomNameCannotEndTheTagEarlyAndComeBackUnchanged() {
        for (String room : new String[] {"a}b", "{x}", "100%", "%7D", "%257B", "}:members", "日本語🎉"}) {
            RoomKeys keys = RoomKeys.of(room);
            assertThat(hashTag(keys.state())).doesNotContain("{", "}");
            assertThat(RoomKeys.roomOfChannel(keys.channel())).isEqualTo(room);
            assertThat(RoomKeys.roomOfMembersKey(keys.members())).isEqualTo(room);
        }
        assertThat(hashTag(RoomKeys.of("a}b").state())).isNotEqualTo(hashTag(RoomKeys.of("a").state()));
    }

    @Test
    void aCidKeyThatEndsLikeAMembersKeyIsNotTakenForARoom() {
        String cidKey = RoomKeys.of("lobby").cid("alice", "x}:members");
        assertThat(cidKey).endsWith("}:members");
        assertThat(RoomKeys.roomOfMembersKey(cidKey)).isNull();
    }

    @Test
    void channelsThatAreNotRoomChannelsBelongToNoRoom() {
        assertThat(RoomKeys.roomOfChannel("chat:{nodes}:probe:abc")).isNull();
        assertThat(RoomKeys.roomOfChannel("other")).isNull();
    }

    /** What Redis hashes: the text between the first '{' and the first '}' after it. */
    private static String hashTag(String key) {
        int open = key.indexOf('{');
        int close = key.indexOf('}', open + 1);
        return key.substring(open + 1, close);
    }
}
