package mychat.client.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CommandTest {

    @ParameterizedTest
    @ValueSource(strings = {"hello", "  indented /join is text", "a/b", "?", "1/2 of the pie"})
    void aLineNotStartingWithASlashIsSaidAsTyped(String line) {
        assertThat(Command.parse(line)).isEqualTo(new Command.Say(line));
    }

    @ParameterizedTest
    @CsvSource({"//shrug, /shrug", "'//join lobby', '/join lobby'", "//, /", "///, //"})
    void aDoubleSlashEscapesOneSlash(String line, String said) {
        assertThat(Command.parse(line)).isEqualTo(new Command.Say(said));
    }

    @Test
    void commandsWithoutArgumentsAndTheirAliases() {
        assertThat(Command.parse("/rooms")).isEqualTo(new Command.Rooms());
        assertThat(Command.parse("/list")).isEqualTo(new Command.Rooms());
        assertThat(Command.parse("/leave")).isEqualTo(new Command.Leave());
        assertThat(Command.parse("/part")).isEqualTo(new Command.Part(null));
        assertThat(Command.parse("/part books")).isEqualTo(new Command.Part("books"));
        assertThat(Command.parse("/set bell off")).isEqualTo(new Command.Set("bell", false));
        assertThat(Command.parse("/set bell maybe")).isInstanceOf(Command.Usage.class);
        assertThat(Command.parse("/save")).isEqualTo(new Command.Save());
        assertThat(Command.parse("/quit")).isEqualTo(new Command.Quit());
        assertThat(Command.parse("/exit")).isEqualTo(new Command.Quit());
        assertThat(Command.parse("/help")).isEqualTo(new Command.Help());
        assertThat(Command.parse("/?")).isEqualTo(new Command.Help());
        assertThat(Command.parse("/members")).isEqualTo(new Command.Members());
        assertThat(Command.parse("/names")).isEqualTo(new Command.Members());
        assertThat(Command.parse("/clear")).isEqualTo(new Command.Clear());
    }

    @Test
    void commandsWithOneArgument() {
        assertThat(Command.parse("/join lobby")).isEqualTo(new Command.Join("lobby"));
        assertThat(Command.parse("/j lobby")).isEqualTo(new Command.Join("lobby"));
        assertThat(Command.parse("/nick bob")).isEqualTo(new Command.Nick("bob"));
    }

    @Test
    void extraSpacesAroundAndBetweenWordsDoNotMatter() {
        assertThat(Command.parse("/join \t  lobby   ")).isEqualTo(new Command.Join("lobby"));
        assertThat(Command.parse("/rooms   ")).isEqualTo(new Command.Rooms());
    }

    @Test
    void argumentsKeepTheirCaseAndUnicode() {
        assertThat(Command.parse("/join Café☕")).isEqualTo(new Command.Join("Café☕"));
        assertThat(Command.parse("/nick Zoë")).isEqualTo(new Command.Nick("Zoë"));
    }

    @Test
    void quitHelpMembersAndClearIgnoreArguments() {
        assertThat(Command.parse("/quit bye all")).isEqualTo(new Command.Quit());
        assertThat(Command.parse("/help join")).isEqualTo(new Command.Help());
        assertThat(Command.parse("/members x")).isEqualTo(new Command.Members());
        assertThat(Command.parse("/clear x")).isEqualTo(new Command.Clear());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/join          | usage: /join <room>   (room names have no spaces)",
            "/join two rooms| usage: /join <room>   (room names have no spaces)",
            "/nick          | usage: /nick <name>   (no spaces; takes effect on the next /join)",
            "/nick a b      | usage: /nick <name>   (no spaces; takes effect on the next /join)",
            "/rooms lobby   | /rooms takes no arguments",
            "/leave lobby   | /leave takes no arguments"})
    void wrongArgumentsGiveAUsageHint(String line, String hint) {
        assertThat(Command.parse(line.strip())).isEqualTo(new Command.Usage(hint));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/shrug", "/JOIN lobby", "/", "/ join"})
    void anUnknownCommandIsAUsageHintNamingItAndTheEscape(String line) {
        Command parsed = Command.parse(line);

        assertThat(parsed).isInstanceOf(Command.Usage.class);
        String hint = ((Command.Usage) parsed).hint();
        assertThat(hint).startsWith("unknown command " + line.strip().split("\\s+")[0]).contains("/help", "//");
    }

    @Test
    void everyCompletableNameIsAKnownCommand() {
        for (String name : Command.NAMES) {
            assertThat(Command.parse(name)).as(name)
                    .isNotEqualTo(new Command.Say(name))
                    .satisfies(c -> {
                        if (c instanceof Command.Usage usage) {
                            assertThat(usage.hint()).as(name).startsWith("usage: " + name);
                        }
                    });
        }
    }
}
