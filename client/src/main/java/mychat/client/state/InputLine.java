package mychat.client.state;

import java.util.Collection;

/**
 * The input line and the keys that edit it: cursor movement and deletion, recall of earlier lines (Up/Down) and
 * completion of commands and nicks (Tab, again to cycle). Keys about anything else are left to the model.
 */
final class InputLine {
    private final LineEditor editor = new LineEditor();
    private final InputHistory history = new InputHistory();
    private final Completer completer = new Completer();

    LineEditor editor() {
        return editor;
    }

    /**
     * Applies an editing key; false when the key does not edit the line. Home and End move the cursor only when
     * there is a line: on an empty one they scroll the messages, as in irssi.
     */
    boolean onKey(Input.Key key, Collection<String> nicks) {
        if (key.kind() != KeyKind.TAB) {
            completer.reset();
        }
        switch (key.kind()) {
            // A paste may hold line breaks; the line is one message, so they become spaces.
            case CHAR -> editor.insert(key.text().replace("\r\n", " ").replace('\n', ' ').replace('\r', ' '));
            // A bracketed paste keeps its line breaks: it is sent as one message of several lines.
            case PASTE -> editor.insert(key.text());
            case TAB -> completer.complete(editor, nicks);
            case BACKSPACE -> editor.backspace();
            case DELETE -> editor.delete();
            case LEFT -> editor.left();
            case RIGHT -> editor.right();
            case HOME, CTRL_A -> {
                if (key.kind() == KeyKind.HOME && editor.isEmpty()) {
                    return false;
                }
                editor.home();
            }
            case END, CTRL_E -> {
                if (key.kind() == KeyKind.END && editor.isEmpty()) {
                    return false;
                }
                editor.end();
            }
            case CTRL_W -> editor.deleteWordBefore();
            case CTRL_U -> editor.clear();
            case UP -> {
                String older = history.older(editor.text());
                if (older != null) {
                    editor.set(older);
                }
            }
            case DOWN -> {
                String newer = history.newer();
                if (newer != null) {
                    editor.set(newer);
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** The line was taken: it goes into the recall history and the input is emptied. */
    void accepted(String line) {
        history.add(line);
        editor.clear();
    }
}
