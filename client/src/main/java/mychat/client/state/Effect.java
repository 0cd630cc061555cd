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

    /** Deliver {@link Input.RejoinDue} after {@code delay}: a rejoin refused for a nick still held may go again. */
    record ScheduleRejoin(Duration delay) implements Effect {}

    /** Close this window's connection: the window is gone. */
    record CloseConnection() implements Effect {}

    /** Ring the terminal bell. */
    record Bell() implements Effect {}

    /** Set the terminal's window title. */
    record SetTitle(String title) implements Effect {}

    /** Write {@code rooms} to the config file as the rooms to join at start. */
    record SaveRooms(java.util.List<String> rooms) implements Effect {}

    /** Close every connection and restore the terminal. */
    record Quit() implements Effect {}
}
