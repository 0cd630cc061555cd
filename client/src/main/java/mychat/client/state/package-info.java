/**
 * The client's state model, free of terminal and network code. {@link mychat.client.state.Workspace} holds the
 * windows, one {@link mychat.client.state.ChatModel} per room (each with its own connection), and routes
 * {@link mychat.client.state.Input}s (keys, server events, connection changes, timers) to them; both answer with
 * {@link mychat.client.state.Effect}s for the outside world to carry out. Unit tests drive them directly.
 *
 * <p>Threading: single-threaded; the UI loop owns the workspace and its models. Uses {@code protocol} and JLine's
 * Unicode width table (a pure function), nothing else.
 */
package mychat.client.state;
