/**
 * The client's state model, free of terminal and network code: {@link mychat.client.state.ChatModel} takes
 * {@link mychat.client.state.Input}s (keys, server events, connection changes) and returns
 * {@link mychat.client.state.Effect}s for the outside world to carry out. Unit tests drive it directly.
 *
 * <p>Threading: single-threaded; the UI loop owns the model. Uses {@code protocol} and JLine's Unicode width table
 * (a pure function), nothing else.
 */
package mychat.client.state;
