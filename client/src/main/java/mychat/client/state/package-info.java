/**
 * The client's state model, free of terminal and network code. {@link mychat.client.state.Workspace} holds the
 * windows, one {@link mychat.client.state.ChatModel} per room (each with its own connection), and routes
 * {@link mychat.client.state.Input}s (keys, server events, connection changes, timers) to them; both answer with
 * {@link mychat.client.state.Effect}s for the outside world to carry out. Unit tests drive them directly.
 *
 * <pre>
 * Workspace        the open rooms, one window each: routes inputs, numbers windows, /join /part /save /set
 * ChatModel        one window: connection, room, members, scroll-back, input line, overlays
 * Input, Effect    what happens to the client, and what it asks the outside world to do
 * ServerEvents     what a window makes of each server event
 * RoomState        the room joined or being joined, the nick, the members
 * HistoryTracker   ids shown, the resume cursor, older pages to fetch
 * Outbox           lines not yet confirmed, sent one at a time under their cid, paced by retry_after_ms
 * MessageSplitter  a paste over the size limit, cut into messages at line breaks
 * Typing           who else is typing, and when we last said we were
 * Mentions         whether a message names our nick; Attention: unread and mention counts of a window
 * Command          what a typed line means (/join, /part, /set …)
 * InputLine        the input line's keys: editing, recall, completion; LineEditor, InputHistory, Completer
 * KeyKind          the keys the client reacts to, however the terminal encodes them
 * Feed, Entry      lines added to the scroll-back, and one such line
 * Scrollback       the entries and how they wrap; ScrollPosition: how far up the view is
 * HelpOverlay      the help screen's state; Viewport: the screen's geometry; TextLayout: widths and wrapping
 * Backoff          reconnect delays
 * </pre>
 *
 * <p>Threading: single-threaded; the UI loop owns the workspace and its models. Uses {@code protocol} and JLine's
 * Unicode width table (a pure function), nothing else.
 */
package mychat.client.state;
