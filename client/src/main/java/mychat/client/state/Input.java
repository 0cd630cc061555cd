package mychat.client.state;

import mychat.protocol.ServerEvent;

/** Everything that can happen to the client. */
public sealed interface Input {

    /** A key press; {@code text} holds the typed characters for {@link KeyKind#CHAR} (several when pasted). */
    record Key(KeyKind kind, String text) implements Input {
        public static Key of(KeyKind kind) {
            return new Key(kind, "");
        }

        public static Key typed(String text) {
            return new Key(KeyKind.CHAR, text);
        }
    }

    /** The terminal now has this size. */
    record Resized(int rows, int cols) implements Input {}

    /** The WebSocket connection is open. */
    record Connected() implements Input {}

    /** The connection failed or closed; {@code reason} in plain words. */
    record Disconnected(String reason) implements Input {}

    /** The backoff delay after a disconnect has passed. */
    record ReconnectDue() implements Input {}

    /** A second has passed: time-based displays ("is typing…") may change. */
    record Tick() implements Input {}

    /** Time to try a refused rejoin again. */
    record RejoinDue() implements Input {}

    /** The delay a refused send asked for has passed. */
    record SendDue() implements Input {}

    record Received(ServerEvent event) implements Input {}

    /** The user interrupted (Ctrl-C) or the process is asked to stop. */
    record QuitRequested() implements Input {}
}
