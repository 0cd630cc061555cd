package mychat.protocol;

/** The outcome of decoding one frame: a value, or the reason it was refused. */
public sealed interface Decoded<T> {

    record Ok<T>(T value) implements Decoded<T> {}

    /** The frame was not a valid message; {@code reason} says why in words a person can act on. */
    record Malformed<T>(String reason) implements Decoded<T> {}
}
