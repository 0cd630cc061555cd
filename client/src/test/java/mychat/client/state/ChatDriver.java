package mychat.client.state;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import mychat.protocol.ClientRequest;
import mychat.protocol.ServerEvent;

/**
 * Drives a {@link ChatModel} the way the UI loop does, one {@link Input} at a time, with a fixed clock (09:30 UTC)
 * and a fixed terminal size. Every step returns the effects the model asked for, so tests read as a short story:
 * <pre>{@code
 * ChatDriver chat = ChatDriver.inRoom("lobby", "alice", "bob");
 * assertThat(chat.enter("hello")).containsExactly(ChatDriver.send(new ClientRequest.SendMsg("hello")));
 * }</pre>
 */
public final class ChatDriver {
    /** What the fixed clock says: 2026-01-02 09:30:00 UTC. */
    public static final long NOW = Instant.parse("2026-01-02T09:30:00Z").toEpochMilli();

    public final ChatModel model;
    private long nextMessageId = 1;

    private ChatDriver(String autoJoin, int rows, int cols) {
        model = new ChatModel("ws://test/", "alice", autoJoin, ZoneOffset.UTC, () -> NOW);
        model.handle(new Input.Resized(rows, cols));
    }

    /** A model of an 80x24 terminal that has not connected yet. */
    public static ChatDriver fresh() {
        return new ChatDriver(null, 24, 80);
    }

    /** A model of a {@code cols}x{@code rows} terminal that has not connected yet. */
    public static ChatDriver sized(int rows, int cols) {
        return new ChatDriver(null, rows, cols);
    }

    /** A model started with {@code --room autoJoin}, not connected yet. */
    public static ChatDriver withAutoJoin(String autoJoin) {
        return new ChatDriver(autoJoin, 24, 80);
    }

    /** Connected, not in a room. */
    public static ChatDriver connected() {
        ChatDriver chat = fresh();
        chat.connect();
        return chat;
    }

    /** Connected and in {@code room} as alice, with {@code members} (alice should be one of them). */
    public static ChatDriver inRoom(String room, String... members) {
        ChatDriver chat = connected();
        chat.joinRoom(room, members);
        return chat;
    }

    /** Types /join, then receives the server's Joined answer. */
    public ChatDriver joinRoom(String room, String... members) {
        enter("/join " + room);
        receive(new ServerEvent.Joined(room, Arrays.asList(members)));
        return this;
    }

    public List<Effect> handle(Input input) {
        return model.handle(input);
    }

    public List<Effect> connect() {
        return handle(new Input.Connected());
    }

    public List<Effect> disconnect() {
        return handle(new Input.Disconnected("connection reset"));
    }

    public List<Effect> reconnectDue() {
        return handle(new Input.ReconnectDue());
    }

    public List<Effect> resize(int rows, int cols) {
        return handle(new Input.Resized(rows, cols));
    }

    /** Types {@code text} as one key event (like a paste). */
    public List<Effect> type(String text) {
        return handle(Input.Key.typed(text));
    }

    public List<Effect> press(KeyKind key) {
        return handle(Input.Key.of(key));
    }

    /** Types {@code line} and presses Enter; answers the effects of the Enter. */
    public List<Effect> enter(String line) {
        type(line);
        return press(KeyKind.ENTER);
    }

    public List<Effect> receive(ServerEvent event) {
        return handle(new Input.Received(event));
    }

    /** A live chat line from {@code from} in the current room, stamped with the fixed clock. */
    public List<Effect> message(String from, String text) {
        return messageAt(from, text, NOW);
    }

    /** A live chat line from {@code from} in the current room, accepted by the server at {@code ts}. */
    public List<Effect> messageAt(String from, String text, long ts) {
        String room = model.room().orElse("lobby");
        return receive(new ServerEvent.Message(room, nextMessageId++, from, text, ts, false, null));
    }

    public String input() {
        return model.editor().text();
    }

    public List<Entry> entries() {
        return model.scrollback().entries();
    }

    public Entry lastEntry() {
        return entries().getLast();
    }

    /** How many entries the scroll-back holds. */
    public int entryCount() {
        return entries().size();
    }

    public static Effect send(ClientRequest request) {
        return new Effect.Send(request);
    }
}
