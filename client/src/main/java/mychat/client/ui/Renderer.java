package mychat.client.ui;

import java.util.ArrayList;
import java.util.List;
import mychat.client.state.ChatModel;
import mychat.client.state.Entry;
import mychat.client.state.Mentions;
import mychat.client.state.Scrollback;
import mychat.client.state.TextLayout;
import mychat.client.state.Viewport;
import mychat.client.state.Workspace;
import mychat.protocol.Limits;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Draws a {@link ChatModel} as one line per terminal row: the message area (or the help overlay) with the member
 * panel beside it, the status bar, and the input line. Pure: the same model and size give the same lines.
 */
public final class Renderer {
    private static final AttributedStyle DIM = AttributedStyle.DEFAULT.faint();
    private static final AttributedStyle INFO = AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN);
    private static final AttributedStyle WARNING = AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);
    private static final AttributedStyle ERROR = AttributedStyle.BOLD.foreground(AttributedStyle.RED);
    private static final AttributedStyle STATUS = AttributedStyle.INVERSE;
    /** A message that mentions your nick. */
    private static final AttributedStyle MENTION = AttributedStyle.BOLD.foreground(AttributedStyle.YELLOW);
    private static final AttributedStyle MARKER = AttributedStyle.INVERSE.foreground(AttributedStyle.YELLOW);
    /** Input byte count shows up in the status bar from this size on. */
    private static final int SHOW_BYTES_FROM = Limits.MAX_TEXT_BYTES - 256;

    /** What to put on screen: the rows and where the cursor goes. */
    public record Frame(List<AttributedString> lines, int cursorRow, int cursorCol) {
        /** The rows as plain text, for tests. */
        public List<String> text() {
            return lines.stream().map(AttributedString::toString).toList();
        }
    }

    private Renderer() {}

    public static Frame render(ChatModel model) {
        Viewport vp = model.viewport();
        List<AttributedString> lines = new ArrayList<>(vp.rows());
        boolean help = model.helpVisible();
        List<AttributedString> area = help ? help(vp, model.helpScroll()) : messages(model, vp);
        List<AttributedString> panel = vp.panelVisible() && !help ? memberPanel(model, vp) : null;
        for (int row = 0; row < vp.messageHeight(); row++) {
            AttributedStringBuilder line = new AttributedStringBuilder();
            line.append(area.get(row));
            if (panel != null) {
                line.append("▏", DIM).append(panel.get(row));
            }
            lines.add(line.toAttributedString());
        }
        if (vp.rows() >= 2) {
            lines.add(statusBar(model, vp.cols()));
        }
        InputLine input = inputLine(model, vp.cols());
        lines.add(input.line());
        while (lines.size() > vp.rows()) {
            lines.removeFirst();
        }
        return new Frame(lines, lines.size() - 1, input.cursorCol());
    }

    /** The window in view, with the room list on its left when shown. */
    public static Frame render(Workspace workspace) {
        Frame frame = render(workspace.current());
        int listWidth = workspace.roomListWidth();
        if (listWidth == 0) {
            return frame;
        }
        List<AttributedString> list = RoomList.rows(workspace, listWidth - 1, frame.lines().size());
        List<AttributedString> lines = new ArrayList<>(frame.lines().size());
        for (int row = 0; row < frame.lines().size(); row++) {
            lines.add(new AttributedStringBuilder().append(list.get(row)).append("▕", DIM)
                    .append(frame.lines().get(row)).toAttributedString());
        }
        return new Frame(lines, frame.cursorRow(), frame.cursorCol() + listWidth);
    }

    // ---- message area -----------------------------------------------------------------------------------------

    private static List<AttributedString> messages(ChatModel model, Viewport vp) {
        int width = vp.messageWidth();
        int height = vp.messageHeight();
        int wanted = height + model.scrollOffset();
        Scrollback scrollback = model.scrollback();
        List<Entry> entries = scrollback.entries();
        // Wrap entries from the newest backwards until the window is covered; older ones are never touched.
        List<AttributedString> rows = new ArrayList<>();
        for (int i = entries.size() - 1; i >= 0 && rows.size() < wanted; i--) {
            List<AttributedString> entryRows = entryRows(scrollback, entries.get(i), width, model.nick());
            rows.addAll(0, entryRows);
        }
        int end = Math.max(0, rows.size() - model.scrollOffset());
        int start = Math.max(0, end - height);
        List<AttributedString> window = new ArrayList<>(height);
        for (int i = 0; i < height - (end - start); i++) {
            window.add(pad(AttributedString.EMPTY, width));
        }
        window.addAll(rows.subList(start, end));
        if (model.scrollOffset() > 0) {
            String more = model.unseen() > 0
                    ? " more below: " + model.unseen() + " new message" + (model.unseen() == 1 ? "" : "s")
                    : " more below";
            window.set(height - 1, pad(new AttributedString(
                    TextLayout.truncate(more + " — End or PageDown ", width), MARKER), width));
        }
        return window;
    }

    private static List<AttributedString> entryRows(Scrollback scrollback, Entry entry, int width, String nick) {
        List<String> texts = scrollback.rows(entry, width);
        if (entry.kind() == Entry.Kind.DIVIDER) {
            String label = " " + entry.text() + " ";
            int side = Math.max(0, (width - TextLayout.width(label)) / 2);
            String line = "─".repeat(side) + label + "─".repeat(Math.max(0, width - side - TextLayout.width(label)));
            return List.of(pad(clip(new AttributedString(line, WARNING), width), width));
        }
        AttributedStyle textStyle = switch (entry.kind()) {
            case MESSAGE -> Mentions.in(entry.text(), nick) ? MENTION
                    : entry.earlier() ? DIM : AttributedStyle.DEFAULT;
            case OWN_MESSAGE -> entry.earlier() ? DIM : AttributedStyle.DEFAULT;
            case PENDING -> DIM.italic();
            case INFO -> INFO;
            case WARNING -> WARNING;
            case ERROR -> ERROR;
            case DIVIDER -> throw new AssertionError("drawn above");
        };
        List<AttributedString> rows = new ArrayList<>(texts.size());
        AttributedStringBuilder first = new AttributedStringBuilder();
        first.append(scrollback.time(entry), DIM).append(" ");
        switch (entry.kind()) {
            case MESSAGE -> first.append("<").append(TextLayout.sanitize(entry.nick()), NickColors.of(entry.nick()))
                    .append("> ");
            case OWN_MESSAGE, PENDING -> first.append("<")
                    .append(TextLayout.sanitize(entry.nick()), NickColors.of(entry.nick()).bold().underline())
                    .append("> ");
            case INFO, WARNING, ERROR -> first.append("-!- ", textStyle);
            case DIVIDER -> throw new AssertionError("drawn above");
        }
        first.append(texts.getFirst(), textStyle);
        rows.add(pad(clip(first.toAttributedString(), width), width));
        String indent = " ".repeat(scrollback.indent(entry, width));
        for (int i = 1; i < texts.size(); i++) {
            AttributedStringBuilder row = new AttributedStringBuilder().append(indent).append(texts.get(i), textStyle);
            rows.add(pad(clip(row.toAttributedString(), width), width));
        }
        return rows;
    }

    /**
     * The help text from line {@code scroll} on (clamped), with a marker when more follows below. It takes the
     * whole width: the member panel hides while help is open.
     */
    private static List<AttributedString> help(Viewport vp, int scroll) {
        int height = vp.messageHeight();
        int first = Math.max(0, Math.min(scroll, HelpScreen.LINES.size() - height));
        List<AttributedString> rows = new ArrayList<>(height);
        for (int row = 0; row < height; row++) {
            int i = first + row;
            String text = i < HelpScreen.LINES.size() ? HelpScreen.LINES.get(i) : "";
            AttributedStyle style = i == 0 || text.equals("Commands") || text.equals("Keys")
                    ? AttributedStyle.BOLD : AttributedStyle.DEFAULT;
            rows.add(pad(new AttributedString(TextLayout.truncate(text, vp.cols()), style), vp.cols()));
        }
        if (first + height < HelpScreen.LINES.size()) {
            rows.set(height - 1, pad(new AttributedString(TextLayout.truncate(
                    " more below — Down or PageDown ", vp.cols()), MARKER), vp.cols()));
        }
        return rows;
    }

    private static List<AttributedString> memberPanel(ChatModel model, Viewport vp) {
        int width = vp.panelWidth();
        int height = vp.messageHeight();
        List<String> members = model.members();
        List<AttributedString> rows = new ArrayList<>(height);
        String title = model.room().isPresent() ? " " + members.size() + " here" : " no room";
        rows.add(pad(new AttributedString(TextLayout.truncate(title, width), AttributedStyle.BOLD), width));
        int room = height - 1;
        boolean overflow = members.size() > room;
        int shown = overflow ? room - 1 : members.size();
        for (int i = 0; i < shown; i++) {
            String nick = members.get(i);
            AttributedStyle style = NickColors.of(nick);
            if (nick.equals(model.nick())) {
                style = style.bold();
            }
            rows.add(pad(new AttributedString(" " + TextLayout.truncate(TextLayout.sanitize(nick), width - 1), style),
                    width));
        }
        if (overflow && room > 0) {
            rows.add(pad(new AttributedString(" … " + (members.size() - shown) + " more", DIM), width));
        }
        while (rows.size() < height) {
            rows.add(pad(AttributedString.EMPTY, width));
        }
        return rows.subList(0, height);
    }

    // ---- status bar and input line ----------------------------------------------------------------------------

    private static AttributedString statusBar(ChatModel model, int cols) {
        String state = switch (model.connection()) {
            case CONNECTED -> "● connected";
            case CONNECTING -> "… connecting";
            case RECONNECTING -> "○ disconnected, retrying in " + model.retryDelay().toSeconds() + "s";
            case QUITTING -> "○ closing";
        };
        String room = model.room().orElse("no room");
        int count = model.members().size();
        String left = " " + state + " · " + model.server() + " · " + room + " · " + model.nick()
                + (model.room().isPresent() ? " · " + count + (count == 1 ? " member" : " members") : "");
        String right = "";
        int bytes = model.inputBytes();
        List<String> typing = model.typing();
        if (bytes >= SHOW_BYTES_FROM) {
            right = " " + bytes + "/" + Limits.MAX_TEXT_BYTES + " bytes ";
        } else if (!typing.isEmpty()) {
            right = " " + TextLayout.sanitize(typing.size() == 1 ? typing.getFirst() + " is typing…"
                    : typing.size() == 2 ? typing.get(0) + " and " + typing.get(1) + " are typing…"
                    : typing.size() + " people are typing…") + " ";
        } else if (!model.helpVisible()) {
            right = " ? help ";
        }
        int space = cols - TextLayout.width(right);
        AttributedStringBuilder bar = new AttributedStringBuilder();
        String shown = TextLayout.truncate(TextLayout.sanitize(left), Math.max(0, space));
        bar.append(shown + " ".repeat(Math.max(0, space - TextLayout.width(shown))), STATUS);
        AttributedStyle rightStyle = bytes > Limits.MAX_TEXT_BYTES ? ERROR.inverse() : STATUS;
        bar.append(right, rightStyle);
        return clip(bar.toAttributedString(), cols);
    }

    private record InputLine(AttributedString line, int cursorCol) {}

    /** The prompt and the input, scrolled sideways so the cursor is always visible. */
    private static InputLine inputLine(ChatModel model, int cols) {
        String prompt = "[" + TextLayout.sanitize(model.room().orElse("-")) + "] ";
        if (TextLayout.width(prompt) > cols / 3) {
            prompt = "> ";
        }
        String text = TextLayout.sanitize(model.editor().text()).replace('\n', '↵'); // a pasted line break
        int cursor = model.editor().cursor();
        int available = Math.max(1, cols - TextLayout.width(prompt) - 1);
        int start = 0;
        while (TextLayout.width(text.substring(start, cursor)) > available) {
            start += Character.charCount(text.codePointAt(start));
        }
        String visible = text.substring(start);
        AttributedStyle promptStyle = model.inputBytes() > Limits.MAX_TEXT_BYTES ? ERROR : AttributedStyle.BOLD;
        AttributedStringBuilder line = new AttributedStringBuilder().append(prompt, promptStyle).append(visible);
        int cursorCol = TextLayout.width(prompt) + TextLayout.width(text.substring(start, cursor));
        return new InputLine(clip(line.toAttributedString(), cols), Math.min(cursorCol, cols - 1));
    }

    private static AttributedString clip(AttributedString s, int columns) {
        return s.columnLength() <= columns ? s : s.columnSubSequence(0, columns);
    }

    private static AttributedString pad(AttributedString s, int columns) {
        AttributedString clipped = clip(s, columns);
        int missing = columns - clipped.columnLength();
        if (missing <= 0) {
            return clipped;
        }
        return new AttributedStringBuilder().append(clipped).append(" ".repeat(missing)).toAttributedString();
    }
}
