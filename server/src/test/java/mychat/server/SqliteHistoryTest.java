package mychat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import mychat.protocol.ClientRequest;
import mychat.protocol.ErrorCode;
import mychat.protocol.ServerEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SqliteHistoryTest extends HistoryContract {
    private static final Path DATA = tempDir();

    @RegisterExtension
    static final RunningServer running = new RunningServer(Map.of("CHAT_STORE", "sqlite",
            "CHAT_DATA_DIR", DATA.toString()));

    @Override
    RunningServer running() {
        return running;
    }

    @Test
    void aMessageTheStoreCannotTakeIsAnsweredUnavailableToItsSenderAloneAndNeverSent() throws Exception {
        String room = freshRoom();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + DATA.resolve("history.db"));
             Statement s = db.createStatement()) {
            s.execute("CREATE TRIGGER IF NOT EXISTS refuse BEFORE INSERT ON messages WHEN NEW.text = 'refuse me' "
                    + "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END");
        }
        try (TestClient alice = TestClient.joined(running.port(), room, "alice");
             TestClient bob = TestClient.joined(running.port(), room, "bob")) {
            alice.expect(ServerEvent.UserJoined.class);
            alice.say("before");
            alice.say("refuse me");
            alice.say("after");
            assertThat(alice.expect(ServerEvent.Message.class).text()).isEqualTo("before");
            alice.expectError(ErrorCode.UNAVAILABLE);
            ServerEvent.Message after = alice.expect(ServerEvent.Message.class);
            assertThat(after.text()).isEqualTo("after");
            assertThat(after.id()).as("no id is used up by the refused message").isEqualTo(2);
            assertThat(bob.expect(ServerEvent.Message.class).text()).isEqualTo("before");
            assertThat(bob.expect(ServerEvent.Message.class).text()).isEqualTo("after");
            bob.expectNothingMoreThenRoomList();
            alice.send(ClientRequest.History.newest(10));
            assertThat(alice.expect(ServerEvent.HistoryPage.class).messages()).extracting(ServerEvent.Message::text)
                    .containsExactly("before", "after");
        }
    }

    private static Path tempDir() {
        try {
            Path dir = Files.createTempDirectory("mychat-history-");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
