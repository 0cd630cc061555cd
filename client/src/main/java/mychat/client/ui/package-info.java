/**
 * The terminal side: {@link mychat.client.ui.TerminalScreen} owns the JLine terminal (raw mode, alternate screen,
 * mouse, bracketed paste, bell and title, restoring everything on exit), {@link mychat.client.ui.KeyReader} turns
 * the byte stream into {@link mychat.client.state.Input.Key}s, and {@link mychat.client.ui.Renderer} draws a
 * {@link mychat.client.state.Workspace} (the window in view, with {@link mychat.client.ui.RoomList} beside it) as
 * lines that JLine's {@code Display} diffs onto the screen. {@link mychat.client.ui.HelpScreen} is the help text,
 * {@link mychat.client.ui.NickColors} a stable colour per nick.
 *
 * <p>Threading: the key reader runs on its own thread and only posts inputs; rendering happens on the UI loop
 * thread that owns the model. Uses {@code state}; never {@code net}.
 */
package mychat.client.ui;
