package mychat.client.e2e;

import static org.assertj.core.api.Assertions.fail;

import java.net.URI;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import mychat.client.net.Connection;
import mychat.client.state.Input;
import mychat.protocol.ClientRequest;
import mychat.protocol.ServerEvent;

/** A scripted chat participant beside the human in tmux, built on the client's own connection class. */
final class Bot implements AutoCloseable {
    private final BlockingQueue<Input> inputs = new LinkedBlockingQueue<>();
    private final Connection connection;

    private Bot(int port) throws Exception {
        connection = Connection.open(URI.create("ws://127.0.0.1:" + port + "/"), inputs::add)
                .get(10, TimeUnit.SECONDS);
    }

    static Bot joined(int port, String room, String nick) throws Exception {
        Bot bot = new Bot(port);
        bot.connection.send(new ClientRequest.Join(room, nick));
        bot.await(ServerEvent.Joined.class, j -> true);
        return bot;
    }

    void say(String text) {
        connection.send(new ClientRequest.SendMsg(text));
    }

    /** Waits for an event of {@code type} matching {@code condition}, skipping others. */
    <T extends ServerEvent> T await(Class<T> type, Predicate<T> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Tmux.TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Input input = inputs.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (input instanceof Input.Received(ServerEvent event) && type.isInstance(event)
                    && condition.test(type.cast(event))) {
                return type.cast(event);
            }
            if (input instanceof Input.Disconnected d) {
                fail("bot disconnected: " + d.reason());
            }
        }
        return fail("no matching " + type.getSimpleName() + " within " + Tmux.TIMEOUT);
    }

    /** The messages from {@code from}, in the order they arrive, up to and including the one saying {@code last}. */
    java.util.List<String> linesFrom(String from, String last) throws InterruptedException {
        return linesFrom(from, last::equals);
    }

    /** The messages from {@code from}, in the order they arrive, up to and including the first that is {@code last}. */
    java.util.List<String> linesFrom(String from, Predicate<String> last) throws InterruptedException {
        java.util.List<String> lines = new java.util.ArrayList<>();
        while (true) {
            ServerEvent.Message m = await(ServerEvent.Message.class, msg -> msg.from().equals(from));
            lines.add(m.text());
            if (last.test(m.text())) {
                return lines;
            }
        }
    }

    void send(ClientRequest request) {
        connection.send(request);
    }

    @Override
    public void close() {
        connection.close();
    }
}
