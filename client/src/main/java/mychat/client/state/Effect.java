package mychat.client.state;

import java.time.Duration;
import mychat.protocol.ClientRequest;

/** What the model asks the outside world to do. */
public sealed interface Effect {

    record Send(ClientRequest request) implements Effect {}

    /** Open a new connection now. */
    record Connect() implements Effect {}

    /** Deliver {@link Input.ReconnectDue} after {@code delay}. */
    record ScheduleReconnect(Duration delay) implements Effect {}

    /** Deliver {@link Input.SendDue} after {@code delay}: a refused line may go again. */
    record ScheduleSend(Duration delay) implements Effect {}

    /** Close the connection and restore the terminal. */
    record Quit() implements Effect {}
}
