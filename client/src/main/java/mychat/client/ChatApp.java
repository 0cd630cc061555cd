package mychat.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import mychat.client.net.Connection;
import mychat.client.net.Endpoint;
import mychat.client.state.ChatModel;
import mychat.client.state.Effect;
import mychat.client.state.Input;
import mychat.client.state.KeyKind;
import mychat.client.ui.Renderer;
import mychat.client.ui.TerminalScreen;
import org.jline.terminal.Size;

/**
 * The UI loop: one thread takes inputs from a queue (keys, network events, resizes, timers), applies them to the
 * model, carries out the effects, and redraws once per batch. Everything else only posts inputs.
 */
final class ChatApp {
    private final BlockingQueue<Input> inputs = new LinkedBlockingQueue<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "reconnect-timer");
        t.setDaemon(true);
        return t;
    });
    private final Endpoint server;
    private final ChatModel model;
    private TerminalScreen screen;
    private volatile Connection connection;
    private volatile boolean running = true;

    ChatApp(Endpoint server, ChatModel model) {
        this.server = server;
        this.model = model;
    }

    /** Where network callbacks post their inputs. */
    void post(Input input) {
        inputs.add(input);
    }

    /**
     * Runs until the user quits, on an already open connection. Inputs posted before this call (events that
     * arrived while the terminal was being set up) are handled first, in order.
     */
    void run(Connection first, TerminalScreen terminal) throws InterruptedException {
        connection = first;
        screen = terminal;
        screen.onResize(() -> post(resized()));
        screen.onInterrupt(() -> post(new Input.QuitRequested()));
        screen.onSuspend(() -> post(resized()));
        screen.readKeys(this::post, () -> running);
        apply(resized());
        apply(new Input.Connected());
        draw();
        try {
            while (running) {
                List<Input> batch = new ArrayList<>();
                batch.add(inputs.take());
                inputs.drainTo(batch, 256);
                for (Input input : batch) {
                    apply(input);
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
            Connection last = connection;
            if (last != null) {
                last.close();
            }
        }
    }

    private void apply(Input input) {
        if (input instanceof Input.Resized || input instanceof Input.Key k && k.kind() == KeyKind.CTRL_L) {
            screen.invalidate();
        }
        for (Effect effect : model.handle(input)) {
            switch (effect) {
                case Effect.Send send -> {
                    Connection c = connection;
                    if (c != null) {
                        c.send(send.request());
                    }
                }
                case Effect.Connect c -> connect();
                case Effect.ScheduleReconnect r -> timer.schedule(() -> post(new Input.ReconnectDue()),
                        r.delay().toMillis(), TimeUnit.MILLISECONDS);
                case Effect.ScheduleSend r -> timer.schedule(() -> post(new Input.SendDue()),
                        r.delay().toMillis(), TimeUnit.MILLISECONDS);
                case Effect.Quit q -> running = false;
            }
        }
    }

    private void connect() {
        connection = null;
        Connection.open(server, this::post).whenComplete((opened, error) -> {
            if (error != null) {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                post(new Input.Disconnected(cause.getMessage()));
            } else {
                connection = opened;
                post(new Input.Connected());
            }
        });
    }

    private Input.Resized resized() {
        Size size = screen.size();
        return new Input.Resized(Math.max(size.getRows(), 3), Math.max(size.getColumns(), 10));
    }

    private void draw() {
        Renderer.Frame frame = Renderer.render(model);
        screen.draw(frame.lines(), frame.cursorRow(), frame.cursorCol());
    }
}
