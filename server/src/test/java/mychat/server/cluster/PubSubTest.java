package mychat.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import mychat.server.history.ChatMessage;
import mychat.server.room.SharedEvent;
import org.junit.jupiter.api.Test;

class PubSubTest {
    @Test
    void eventsAreReadAsTheScriptsPublishThem() throws IOException {
        // as Redis' cjson writes them: slashes escaped, unicode as is
        assertThat(PubSub.parse("r", "{\"s\":7,\"t\":\"m\",\"i\":3,\"ts\":1796679066880,\"f\":\"bob\","
                + "\"x\":\"a\\/b \\\"q\\\" 日本\",\"c\":\"c1\"}"))
                .isEqualTo(new SharedEvent.Said(7, new ChatMessage("r", 3, 1796679066880L, "bob", "a/b \"q\" 日本",
                        "c1")));
        assertThat(PubSub.parse("r", "{\"s\":8,\"t\":\"m\",\"i\":4,\"ts\":1,\"f\":\"bob\",\"x\":\"hi\"}"))
                .isEqualTo(new SharedEvent.Said(8, new ChatMessage("r", 4, 1, "bob", "hi", null)));
        assertThat(PubSub.parse("r", "{\"t\":\"j\",\"s\":9,\"n\":\"Al\",\"k\":\"n1/2\"}"))
                .isEqualTo(new SharedEvent.Entered(9, "Al", "n1/2"));
        assertThat(PubSub.parse("r", "{\"t\":\"l\",\"s\":10,\"n\":\"Al\",\"k\":\"n1/2\",\"future\":[1]}"))
                .isEqualTo(new SharedEvent.Exited(10, "Al", "n1/2"));
    }

    @Test
    void anEventOfUnknownTypeIsRefused() {
        assertThatThrownBy(() -> PubSub.parse("r", "{\"s\":1,\"t\":\"?\"}")).isInstanceOf(IOException.class);
    }
}
