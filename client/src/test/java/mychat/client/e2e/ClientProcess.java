package mychat.client.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** How to start the packaged client jar (built by {@code package}, handed over by failsafe) from a shell. */
final class ClientProcess {
    private ClientProcess() {}

    static Path jar() {
        String property = System.getProperty("client.jar");
        if (property == null || !Files.isRegularFile(Path.of(property))) {
            throw new IllegalStateException("client jar not found (" + property + "); run through `mvn verify`");
        }
        return Path.of(property);
    }

    static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** A shell command line that runs the client with {@code args}. */
    static String commandLine(String... args) {
        StringBuilder line = new StringBuilder(quote(java()) + " --enable-native-access=ALL-UNNAMED -jar "
                + quote(jar().toString()));
        for (String arg : args) {
            line.append(' ').append(quote(arg));
        }
        return line.toString();
    }

    static List<String> command(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(java(), "--enable-native-access=ALL-UNNAMED",
                "-jar", jar().toString()));
        command.addAll(List.of(args));
        return command;
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
