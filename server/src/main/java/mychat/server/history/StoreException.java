package mychat.server.history;

/** The history store cannot work: unreadable, corrupt or unwritable database. The message says which file and why. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
