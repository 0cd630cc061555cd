package mychat.client.ui;

import java.io.IOError;
import java.io.IOException;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import mychat.client.state.Input;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp.Capability;

/**
 * The real terminal: raw mode, alternate screen, keypad and mouse reporting while the client runs, and all of it
 * undone by {@link #close}, which is safe to call more than once and from a shutdown hook. Drawing goes through
 * JLine's {@link Display}, which rewrites only the lines that changed.
 */
public final class TerminalScreen implements AutoCloseable {
    private final Terminal terminal;
    private final Attributes original;
    private final Display display;
    /** Asking the exec provider for the size runs stty; so it is read once and again only on SIGWINCH. */
    private volatile Size size;
    /** The key reader's thread; null before {@link #readKeys} and while stopped (suspended, closed). */
    private volatile Thread keyThread;
    /** Where the key reader posts, kept to start it again after a suspension. */
    private Consumer<Input> keySink;
    private BooleanSupplier keysWanted;
    /** The size {@link #display} was last resized to; drawing thread only. */
    private Size displaySize;
    private boolean closed; // guarded by this

    private TerminalScreen(Terminal terminal) {
        this.terminal = terminal;
        this.original = terminal.enterRawMode();
        takeScreen();
        this.display = new Display(terminal, true);
        Size first = readSize();
        this.size = first != null ? first : new Size(80, 24); // stty failed twice; a resize corrects it
    }

    /**
     * The window size, or null when stty could not tell (twice): a Ctrl-C reaches every process of the foreground
     * group, so it kills an stty that happens to be running.
     */
    private Size readSize() {
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                return terminal.getSize();
            } catch (IOError | RuntimeException e) {
                // try once more
            }
        }
        return null;
    }

    public static TerminalScreen open() throws IOException {
        // Text goes out exactly as UTF-8: JLine would otherwise swap box-drawing characters (in messages, too)
        // for the terminal's line-drawing charset or ASCII look-alikes.
        System.setProperty(TerminalBuilder.PROP_DISABLE_ALTERNATE_CHARSET, "true");
        // The exec provider (stty) restores the terminal byte for byte; JLine's native providers (FFM, JNI) were
        // seen to leave the line speed at 0 after restoring.
        Terminal terminal = TerminalBuilder.builder().system(true).name("my-chat").provider("exec").build();
        if (Terminal.TYPE_DUMB.equals(terminal.getType()) || Terminal.TYPE_DUMB_COLOR.equals(terminal.getType())) {
            terminal.close();
            throw new IOException("this is not an interactive terminal (TERM is dumb or output is redirected); "
                    + "run my-chat in a terminal emulator");
        }
        return new TerminalScreen(terminal);
    }

    public Size size() {
        return size;
    }

    /** Calls {@code onResize} (on JLine's signal thread) whenever the window size changes. */
    public void onResize(Runnable onResize) {
        terminal.handle(Terminal.Signal.WINCH, signal -> {
            Size now = readSize();
            if (now != null) { // otherwise keep drawing at the old size; the next resize reads it again
                size = now;
                onResize.run();
            }
        });
    }

    /** Ctrl-C arrives as SIGINT (the terminal keeps ISIG on), handled here instead of killing the JVM. */
    public void onInterrupt(Runnable onInterrupt) {
        terminal.handle(Terminal.Signal.INT, signal -> onInterrupt.run());
    }

    /**
     * Ctrl-Z (SIGTSTP, which the terminal sends because it keeps ISIG on): gives the terminal back as the shell
     * had it, stops this process, and when the shell resumes it ({@code fg}) takes the terminal again and calls
     * {@code onResume} (on JLine's signal thread), which should repaint. Without this the JVM stopped with the
     * alternate screen still shown and came back to a terminal in line mode, echoing keys.
     */
    public void onSuspend(Runnable onResume) {
        terminal.handle(Terminal.Signal.TSTP, signal -> {
            if (suspendAndResume()) {
                onResume.run();
            }
        });
    }

    /** Returns false when the screen was already closed (nothing was done). */
    private synchronized boolean suspendAndResume() {
        if (closed) {
            return false;
        }
        boolean interrupted = releaseTerminal();
        stopThisProcess();
        // Resumed. The shell may have changed modes and the window size meanwhile; draw everything again.
        terminal.enterRawMode();
        takeScreen();
        Size now = readSize();
        if (now != null) {
            size = now;
        }
        display.clear();
        startKeyReader();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    /**
     * What SIGTSTP would have done had it not been caught: stop until SIGCONT. Java cannot raise a signal it has no
     * handler for, so {@code kill(1)} sends it; this thread goes on once the process is continued.
     */
    private static void stopThisProcess() {
        try {
            new ProcessBuilder("kill", "-STOP", Long.toString(ProcessHandle.current().pid()))
                    .redirectErrorStream(true).start().waitFor();
        } catch (IOException e) {
            // no kill(1): carry on without suspending
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks the terminal to mark pastes (bracketed paste), so a pasted line break is not an Enter. */
    private static final String BRACKETED_PASTE_ON = "\033[?2004h";
    private static final String BRACKETED_PASTE_OFF = "\033[?2004l";
    /** xterm's title stack: the shell's title is saved while my-chat sets its own, and given back on exit. */
    private static final String SAVE_TITLE = "\033[22;0t";
    private static final String RESTORE_TITLE = "\033[23;0t";

    private void takeScreen() {
        terminal.puts(Capability.enter_ca_mode);
        terminal.puts(Capability.keypad_xmit);
        terminal.trackMouse(Terminal.MouseTracking.Normal);
        terminal.writer().write(BRACKETED_PASTE_ON + SAVE_TITLE);
        terminal.flush();
    }

    /** Rings the terminal bell. */
    public synchronized void bell() {
        if (!closed) {
            terminal.puts(Capability.bell);
            terminal.flush();
        }
    }

    /** Sets the window title (OSC 2), made safe: no control characters can end the sequence early. */
    public synchronized void title(String title) {
        if (!closed) {
            terminal.writer().write("\033]2;" + title.replaceAll("\\p{Cntrl}", "") + "\007");
            terminal.flush();
        }
    }

    private void giveScreenBack() {
        try {
            terminal.trackMouse(Terminal.MouseTracking.Off);
            terminal.writer().write(BRACKETED_PASTE_OFF + RESTORE_TITLE);
            terminal.puts(Capability.keypad_local);
            terminal.puts(Capability.exit_ca_mode);
            terminal.puts(Capability.cursor_normal);
            terminal.flush();
        } catch (IOError | RuntimeException e) {
            // Restoring is best effort: the terminal may already be gone.
        }
    }

    /** Runs the key reader on a daemon thread, until {@link #close()}; posts keys to {@code sink}. */
    public synchronized void readKeys(Consumer<Input> sink, BooleanSupplier running) {
        keySink = sink;
        keysWanted = running;
        startKeyReader();
    }

    private void startKeyReader() {
        if (keySink == null) {
            return; // readKeys was not called yet
        }
        KeyReader keys = new KeyReader(terminal);
        Consumer<Input> sink = keySink;
        BooleanSupplier running = keysWanted;
        Thread reader = new Thread(() -> {
            try {
                keys.run(sink, running);
            } catch (IOError | RuntimeException e) {
                // IOError: interrupted by stopKeyReader(), or the terminal is gone; only the latter ends the app
                if (keyThread == Thread.currentThread() && running.getAsBoolean()) {
                    sink.accept(new Input.QuitRequested());
                }
            }
        }, "keys");
        reader.setDaemon(true);
        keyThread = reader;
        reader.start();
    }

    /** Draws {@code lines} (one per row) and puts the cursor at {@code cursorRow}, {@code cursorCol}. */
    public synchronized void draw(List<AttributedString> lines, int cursorRow, int cursorCol) {
        if (closed) {
            return;
        }
        Size current = size;
        // Only on a change: Display.resize asks the terminal for its buffer size every time, and with the exec
        // provider that runs stty, a process per frame (and one a Ctrl-C could kill mid-draw).
        if (!current.equals(displaySize)) {
            display.resize(current.getRows(), current.getColumns());
            displaySize = current;
        }
        display.update(lines, current.cursorPos(cursorRow, cursorCol));
        terminal.flush();
    }

    /** Forgets what is on screen so that the next draw repaints everything (Ctrl-L, after a resize). */
    public synchronized void invalidate() {
        display.clear();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        boolean interrupted = releaseTerminal();
        try {
            terminal.close();
        } catch (IOException | IOError | RuntimeException e) {
            // the terminal may already be gone
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Gives the screen and the terminal's modes back as they were before my-chat started (close, suspend). Returns
     * whether this thread had been interrupted: an interrupted thread could not wait for stty, so the restore would
     * fail; the status is held until done and the caller passes it on.
     */
    private boolean releaseTerminal() {
        boolean interrupted = Thread.interrupted();
        giveScreenBack();
        interrupted |= stopKeyReader();
        restoreAttributes();
        return interrupted;
    }

    /**
     * Waits for the key reader to stop before the terminal mode is restored. JLine's reader puts VMIN/VTIME back to
     * its non-blocking values whenever it finds them changed, and a read in flight did so right after a restore
     * (seen as a shell left without line editing or blocking reads after Ctrl-C). The reader notices the interrupt
     * within one VTIME period (0.1 s); by the time it has gone, any stty it started has finished. Returns whether
     * this thread was interrupted while waiting.
     */
    private boolean stopKeyReader() {
        Thread reader = keyThread;
        keyThread = null; // tells the reader it was stopped on purpose
        if (reader == null || reader == Thread.currentThread()) {
            return false;
        }
        reader.interrupt();
        try {
            reader.join(2_000);
            return false;
        } catch (InterruptedException e) {
            return true; // restore without waiting any longer; the caller passes the interrupt on afterwards
        }
    }

    /**
     * Puts the terminal back into the mode it was in (echo, line editing). The exec provider runs stty for it, and
     * a Ctrl-C pressed at that moment reaches stty too and kills it; a second attempt then restores the terminal
     * instead of leaving the user's shell in raw mode.
     */
    private void restoreAttributes() {
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                terminal.setAttributes(original);
                return;
            } catch (IOError | RuntimeException e) {
                // try once more
            }
        }
    }
}
