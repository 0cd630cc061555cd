package mychat.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The server as a separate JVM started from the test classpath, for exit codes, signals and kill -9. */
final class ServerProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on [^ ]+:(\\d+) \\(transport (\\w+)");

    /** Put on the queue when the output ends, so a wait fails as soon as the process is gone. */
    private static final String END = new String("end of output");

    final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    /** Every output line so far, for a failing test's message (the queue above is consumed by waits). */
    private final List<String> transcript = java.util.Collections.synchronizedList(new ArrayList<>());

    private ServerProcess(Process process) {
        this.process = process;
        Thread.ofVirtual().start(this::pumpOutput);
    }

    /** Starts a server with exactly these CHAT_ variables (inherited ones are removed). */
    static ServerProcess launch(Map<String, String> env) throws IOException {
        return launch(env, List.of(), false);
    }

    /**
     * Starts a server with these CHAT_ variables and extra JVM options. With {@code mergeStderr} its standard
     * error joins the output lines, so a long-running node never blocks on a full stderr pipe nobody reads.
     */
    static ServerProcess launch(Map<String, String> env, List<String> jvmOptions, boolean mergeStderr)
            throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(mergeStderr);
        pb.environment().keySet().removeIf(k -> k.startsWith("CHAT_"));
        pb.environment().put("CHAT_ADMIN_ADDR", "off"); // tests run side by side: no fixed admin port
        pb.environment().putAll(env);
        return new ServerProcess(pb.start());
    }

    long pid() {
        return process.pid();
    }

    /** Sends a signal by name (STOP, CONT, KILL, TERM) with the system's kill command. */
    void signal(String name) {
        Signals.send(process.pid(), name);
    }

    /** Every line the process has printed so far (standard error too when merged). */
    String transcript() {
        synchronized (transcript) {
            return String.join("\n", transcript);
        }
    }

    /** Waits for the start-up line; returns the port and transport it names. */
    Matcher awaitListening() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == END) {
                lines.add(END); // the process is gone: the next wait ends at once too
                break;
            }
            if (line == null) {
                break;
            }
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                return m;
            }
        }
        throw new AssertionError("the server never said it was listening");
    }

    /** Waits for an output line containing {@code text} and returns it. */
    String awaitLine(String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == END) {
                lines.add(END); // the process is gone: the next wait ends at once too
                break;
            }
            if (line == null) {
                break;
            }
            if (line.contains(text)) {
                return line;
            }
        }
        throw new AssertionError("the server never printed a line containing " + text);
    }

    int awaitPort() throws InterruptedException {
        return Integer.parseInt(awaitListening().group(1));
    }

    /** The output lines nobody has waited for yet, taken off the queue: for a failing test's message. */
    String unreadOutput() {
        List<String> unread = new ArrayList<>();
        lines.drainTo(unread);
        unread.removeIf(line -> line == END);
        return String.join("\n", unread);
    }

    String stderr() throws IOException {
        return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private void pumpOutput() {
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                lines.add(line);
                transcript.add(line);
            }
        } catch (IOException ignored) {
            // the process ended
        }
        lines.add(END);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
