package mychat.client.ui;

import java.util.ArrayList;
import java.util.List;
import mychat.client.state.ChatModel;
import mychat.client.state.TextLayout;
import mychat.client.state.Workspace;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * The room list on the left: each window's number (its Alt key) and room, its unread count, and {@code @n} when
 * messages mention you. The room in view is drawn inverse. Pure, like {@link Renderer}.
 */
final class RoomList {
    private static final AttributedStyle DIM = AttributedStyle.DEFAULT.faint();
    private static final AttributedStyle MENTION = AttributedStyle.BOLD.foreground(AttributedStyle.YELLOW);
    private static final AttributedStyle UNREAD = AttributedStyle.BOLD;

    private RoomList() {}

    static List<AttributedString> rows(Workspace workspace, int width, int height) {
        List<AttributedString> rows = new ArrayList<>(height);
        rows.add(pad(new AttributedString(TextLayout.truncate(" rooms  F3 hides", width), DIM), width));
        List<Workspace.Window> windows = workspace.windows();
        for (int i = 0; i < windows.size() && rows.size() < height; i++) {
            rows.add(row(i + 1, windows.get(i).model(), i == workspace.activeIndex(), width));
        }
        while (rows.size() < height) {
            rows.add(pad(AttributedString.EMPTY, width));
        }
        return rows;
    }

    private static AttributedString row(int number, ChatModel model, boolean active, int width) {
        String counts = "";
        if (model.mentions() > 0) {
            counts += " @" + model.mentions();
        }
        if (model.unread() > 0) {
            counts += " " + model.unread();
        }
        String name = TextLayout.sanitize(model.target().orElse("(no room)"));
        if (model.target().isPresent() && model.room().isEmpty()) {
            name += "…"; // joining, or waiting to rejoin
        }
        String label = (number <= 9 ? String.valueOf(number) : " ") + " ";
        int room = Math.max(1, width - TextLayout.width(label) - TextLayout.width(counts));
        String shown = TextLayout.truncate(name, room);
        AttributedStyle base = active ? AttributedStyle.INVERSE
                : model.mentions() > 0 ? MENTION : model.unread() > 0 ? UNREAD : AttributedStyle.DEFAULT;
        AttributedStringBuilder line = new AttributedStringBuilder().append(label + shown, base);
        line.append(" ".repeat(Math.max(0, width - TextLayout.width(label + shown) - TextLayout.width(counts))), base);
        line.append(counts, model.mentions() > 0 ? MENTION : base);
        return pad(line.toAttributedString(), width);
    }

    private static AttributedString pad(AttributedString s, int columns) {
        AttributedString clipped = s.columnLength() <= columns ? s : s.columnSubSequence(0, columns);
        int missing = columns - clipped.columnLength();
        return missing <= 0 ? clipped
                : new AttributedStringBuilder().append(clipped).append(" ".repeat(missing)).toAttributedString();
    }
}
