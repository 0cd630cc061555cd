package mychat.client.ui;

import static org.assertj.core.api.Assertions.assertThat;

import mychat.client.state.ChatDriver;
import mychat.client.state.KeyKind;
import org.junit.jupiter.api.Test;

class HelpScreenTest {

    private static String screen(ChatDriver chat) {
        return String.join("\n", Renderer.render(chat.model).text());
    }

    @Test
    void helpTallerThanTheScreenSaysMoreFollowsAndScrolls() {
        ChatDriver chat = ChatDriver.sized(12, 100);
        chat.connect();
        chat.type("?");
        String top = screen(chat);
        assertThat(top).contains("my-chat help", "more below").doesNotContain("Ctrl-L");

        for (int i = 0; i < 6; i++) {
            chat.press(KeyKind.PAGE_DOWN);
        }
        String bottom = screen(chat);
        assertThat(bottom).contains("rejoins your rooms", "lost or doubled").doesNotContain("more below");

        chat.press(KeyKind.HOME);
        assertThat(screen(chat)).contains("my-chat help");
        chat.press(KeyKind.ESC);
        assertThat(screen(chat)).doesNotContain("my-chat help");
    }

    @Test
    void everyHelpLineFitsAnEightyColumnTerminal() {
        assertThat(HelpScreen.LINES).allMatch(line -> mychat.client.state.TextLayout.width(line) <= 100);
        assertThat(HelpScreen.LINES.getFirst()).hasSizeLessThanOrEqualTo(78);
    }
}
