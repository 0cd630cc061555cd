package mychat.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoop;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MailboxTest {
    private final DefaultEventLoop loop = new DefaultEventLoop();

    @AfterEach
    void stop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    /**
     * One command at a time, the next offered the moment the previous one is handled: each offer lands while the
     * turn that handled the previous one is ending, the moment a lost wake-up would strand it.
     */
    @Test
    void aCommandOfferedWhileATurnEndsIsHandledWithoutWaitingForAnotherOne() throws Exception {
        Mailbox[] box = new Mailbox[1];
        box[0] = new Mailbox("r", loop, () -> {
            RoomCommand command;
            while ((command = box[0].poll()) != null) {
                ((RoomCommand.Continue) command).step().run();
            }
            box[0].turnDone(() -> !box[0].isEmpty());
        });
        for (int i = 0; i < 100_000; i++) {
            CompletableFuture<Void> handled = new CompletableFuture<>();
            box[0].offer(new RoomCommand.Continue(() -> handled.complete(null)));
            try {
                handled.get(5, TimeUnit.SECONDS);
            } catch (TimeoutException stranded) {
                throw new AssertionError("command " + i + " was never handled");
            }
        }
        assertThat(box[0].isEmpty()).isTrue();
    }
}
