package mychat.client.ui;

import java.util.List;

/** The text of the help overlay: every command and every key, as the model implements them. */
final class HelpScreen {
    private HelpScreen() {}

    static final List<String> LINES = List.of(
            "my-chat help — Esc, q or ? closes; Up/Down, PageUp/PageDown scroll",
            "",
            "Commands",
            "  /join <room>      join a room (creates it if nobody is there); moves you out of the current one",
            "  /leave            leave the current room",
            "  /rooms            list the rooms that have people in them",
            "  /nick <name>      choose your nick; takes effect on the next /join",
            "  /members          show or hide the member list (also F2 or Ctrl-N)",
            "  /clear            clear the message area",
            "  /help             this screen (also ? on an empty input line)",
            "  /quit             leave and exit (also Esc or Ctrl-C)",
            "  //text            say a line that starts with a slash",
            "",
            "Keys",
            "  Enter             send the line or run the command",
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
            "  Esc or Ctrl-C     leave the room and exit",
            "",
            "Messages over 2048 bytes (UTF-8) are refused before sending; the status bar",
            "counts bytes near the limit. Lines you send show \"…\" until the server has them.",
            "When the connection drops, my-chat reconnects by itself and rejoins your room;",
            "what you type meanwhile is sent then, and nothing is lost or doubled.");
}
