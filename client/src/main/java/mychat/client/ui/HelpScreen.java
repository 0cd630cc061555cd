package mychat.client.ui;

import java.util.List;

/** The text of the help overlay: every command and every key, as the model and the workspace implement them. */
final class HelpScreen {
    private HelpScreen() {}

    static final List<String> LINES = List.of(
            "my-chat help — Esc, q or ? closes; Up/Down, PageUp/PageDown scroll",
            "",
            "Commands",
            "  /join <room>      open a room in a window of its own (or go to it when open)",
            "  /part [room]      leave a room and close its window (default: the room in view)",
            "  /leave            leave the room in view; its window stays, in no room",
            "  /rooms            list the rooms that have people in them",
            "  /nick <name>      choose your nick; takes effect on the next /join",
            "  /members          show or hide the member list (also F2 or Ctrl-N)",
            "  /clear            clear the message area",
            "  /set bell on|off  ring the bell when you are mentioned in a room not in view",
            "  /save             remember the rooms open now, to join them at the next start",
            "  /help             this screen (also ? on an empty input line)",
            "  /quit             leave every room and exit (also Esc or Ctrl-C)",
            "  //text            say a line that starts with a slash",
            "",
            "Keys",
            "  Enter             send the line or run the command",
            "  Alt-1 … Alt-9     go to the room with that number in the room list",
            "  Alt-Left / Right  previous / next room",
            "  F3                show or hide the room list",
            "  Left / Right      move the cursor        Home / End, Ctrl-A / Ctrl-E   start / end of line",
            "  Backspace / Del   delete a character     Ctrl-W  delete a word     Ctrl-U  delete the line",
            "  Up / Down         earlier / later lines you entered",
            "  Tab               complete a nick or a command; press again for the next match",
            "  PageUp / PageDown scroll the messages    mouse wheel scrolls too",
            "  Home / End        on an empty input line: oldest / newest message",
            "  Ctrl-Home / End   oldest / newest message, always (Alt-Home / Alt-End too)",
            "  F2 or Ctrl-N      show or hide the member list",
            "  Ctrl-L            redraw the screen",
            "  Ctrl-Z            suspend to the shell; fg brings the chat back",
            "  Esc or Ctrl-C     leave every room and exit",
            "",
            "The room list shows each room's unread messages, and @n when n of them mention",
            "you; the terminal title shows the totals. Scrolling up past the oldest line",
            "loads older messages from the server until the start of the room.",
            "Lines you send show \"…\" until the server has them; they wait in a queue paced",
            "to the server's rate limit, so nothing typed or pasted is lost.",
            "A paste keeps its line breaks and is sent as one message; over 2048 bytes",
            "(UTF-8), my-chat asks before sending it as several messages, in order.",
            "When the connection drops, my-chat reconnects by itself and rejoins your rooms;",
            "what you type meanwhile is sent then, and nothing is lost or doubled.");
}
