package mychat.client;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import mychat.client.net.Connection;
import mychat.client.net.Endpoint;
import mychat.client.state.Effect;
import mychat.client.state.Input;
import mychat.client.state.KeyKind;
import mychat.client.state.Workspace;
import mychat.client.ui.Renderer;
import mychat.client.ui.TerminalScreen;
import org.jline.terminal.Size;

/**
 * The UI loop: one thread takes inputs from a queue (keys, each window's network events and timers, resizes),
 * applies them to the workspace, carries out the effects, and redraws once per batch. Everything else only posts
 * inputs. Each window has its own connection, kept here by window id.
 */
final class ChatApp {
    /**
     * An input for one window (its connection, its timers), or for the whole client when {@code window} is null.
     * {@code opened} is the window's new connection, which arrives with its {@link Input.Connected}.
     */
    private record Delivery(Long window, Input input, Connection opened) {
        Delivery(Long window, Input input) {
            this(window, input, null);
        }
    }

    /** How often the screen is redrawn without input: "is typing…" expires with the clock. */
    private static final long TICK_MILLIS = 1_000;

    private final BlockingQueue<Delivery> inputs = new LinkedBlockingQueue<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "client-timer");
        t.setDaemon(true);
        return t;
    });
    private final Endpoint server;
    private final Workspace workspace;
    private final ConfigFile configFile;
    /** The open connection of each window; touched by the UI loop only. */
    private final Map<Long, Connection> connections = new HashMap<>();
    private TerminalScreen screen;
    private volatile boolean running = true;

    ChatApp(Endpoint server, Workspace workspace, ConfigFile configFile) {
        this.server = server;
        this.workspace = workspace;
        this.configFile = configFile;
    }

    /** Where the first window's network callbacks post their inputs, before {@link #run}. */
    java.util.function.Consumer<Input> sinkOf(long window) {
        return input -> inputs.add(new Delivery(window, input));
    }

    private void post(Input input) {
        inputs.add(new Delivery(null, input));
    }

    /**
     * Runs until the user quits, with the first window's connection already open. Inputs posted before this call
     * (events that arrived while the terminal was being set up) are handled first, in order.
     */
    void run(Connection first, TerminalScreen terminal) throws InterruptedException {
        long firstWindow = workspace.windows().getFirst().id();
        connections.put(firstWindow, first);
        screen = terminal;
        screen.onResize(() -> post(resized()));
        screen.onInterrupt(() -> post(new Input.QuitRequested()));
        screen.onSuspend(() -> post(resized()));
        screen.readKeys(this::post, () -> running);
        timer.scheduleWithFixedDelay(() -> post(new Input.Tick()), TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        apply(null, resized());
        apply(firstWindow, new Input.Connected());
        carryOut(workspace.start());
        draw();
        try {
            while (running) {
                List<Delivery> batch = new ArrayList<>();
                batch.add(inputs.take());
                inputs.drainTo(batch, 256);
                for (Delivery delivery : batch) {
                    if (delivery.opened() != null && !adopt(delivery.window(), delivery.opened())) {
                        continue;
                    }
                    apply(delivery.window(), delivery.input());
                    if (!running) {
                        break;
                    }
                }
                if (running) {
                    draw();
                }
            }
        } finally {
            timer.shutdownNow();
            for (Connection c : connections.values()) {
                c.close();
            }
        }
    }

    private void apply(Long window, Input input) {
        if (input instanceof Input.Resized || input instanceof Input.Key k && k.kind() == KeyKind.CTRL_L) {
            screen.invalidate();
        }
        carryOut(window == null ? workspace.handle(input) : workspace.handle(window, input));
    }

    private void carryOut(List<Workspace.Routed> effects) {
        for (Workspace.Routed routed : effects) {
            long window = routed.window();
            switch (routed.effect()) {
                case Effect.Send send -> {
                    Connection c = connections.get(window);
                    if (c != null) {
                        c.send(send.request());
                    }
                }
                case Effect.Connect c -> connect(window);
                case Effect.ScheduleReconnect r -> later(window, new Input.ReconnectDue(), r.delay().toMillis());
                case Effect.ScheduleSend r -> later(window, new Input.SendDue(), r.delay().toMillis());
                case Effect.ScheduleRejoin r -> later(window, new Input.RejoinDue(), r.delay().toMillis());
                case Effect.CloseConnection c -> {
                    Connection closing = connections.remove(window);
                    if (closing != null) {
                        Thread.ofVirtual().start(closing::close); // waits up to a second for the close handshake
                    }
                }
                case Effect.Bell b -> screen.bell();
                case Effect.SetTitle t -> screen.title(t.title());
                case Effect.SaveRooms s -> save(s.rooms());
                case Effect.Quit q -> running = false;
            }
        }
    }

    private void later(long window, Input input, long delayMillis) {
        timer.schedule(() -> inputs.add(new Delivery(window, input)), delayMillis, TimeUnit.MILLISECONDS);
    }

    private void connect(long window) {
        Connection old = connections.remove(window);
        if (old != null) {
            old.close();
        }
        Connection.open(server, sinkOf(window)).whenComplete((opened, error) -> {
            if (error != null) {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                inputs.add(new Delivery(window, new Input.Disconnected(cause.getMessage())));
            } else {
                inputs.add(new Delivery(window, new Input.Connected(), opened));
            }
        });
    }

    /** Keeps a new connection for its window; closes it when the window has gone meanwhile. */
    private boolean adopt(long window, Connection opened) {
        if (workspace.windows().stream().noneMatch(w -> w.id() == window)) {
            Thread.ofVirtual().start(opened::close);
            return false;
        }
        connections.put(window, opened);
        return true;
    }

    private void save(List<String> rooms) {
        if (configFile == null) {
            workspace.current().notice("cannot save: neither XDG_CONFIG_HOME nor HOME is set", true);
            return;
        }
        try {
            configFile.saveRooms(rooms);
            workspace.current().notice("saved: " + (rooms.isEmpty() ? "no rooms" : String.join(" ", rooms))
                    + " will be joined at start (" + configFile.path() + ")", false);
        } catch (IOException e) {
            workspace.current().notice("cannot write " + configFile.path() + ": " + e.getMessage(), true);
        }
    }

    private Input.Resized resized() {
        Size size = screen.size();
        return new Input.Resized(Math.max(size.getRows(), 3), Math.max(size.getColumns(), 10));
    }

    private void draw() {
        Renderer.Frame frame = Renderer.render(workspace);
        screen.draw(frame.lines(), frame.cursorRow(), frame.cursorCol());
    }
}
