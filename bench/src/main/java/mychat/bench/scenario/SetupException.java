package mychat.bench.scenario;

/** Connections or joins could not be set up; the run measures nothing. */
public final class SetupException extends Exception {
    public SetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
