package mychat.client;

import java.time.ZoneId;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import mychat.client.net.Connection;
import mychat.client.net.Endpoint;
import mychat.client.state.Workspace;
import mychat.client.ui.TerminalScreen;

/**
 * Entry point of the terminal client: parses the command line, connects (a clear message and exit code 1 when the
 * server cannot be reached), runs the UI, and restores the terminal however it ends, printing an unexpected error
 * only after the terminal is back to normal.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        if (Arrays.asList(args).contains("--version")) {
            System.out.println("my-chat " + BuildVersion.get());
            return;
        }
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.println(ClientConfig.USAGE);
            return;
        }
        ClientConfig config;
        try {
            config = ClientConfig.parse(Arrays.asList(args), System.getenv());
        } catch (ClientConfig.UsageException e) {
            System.err.println("my-chat: " + e.getMessage());
            System.err.println(ClientConfig.USAGE);
            System.exit(2);
            return;
        }
        System.exit(run(config));
    }

    private static int run(ClientConfig config) {
        Workspace workspace = new Workspace(config.server().toString(), config.nick(), config.rooms(), config.bell(),
                ZoneId.systemDefault(), System::currentTimeMillis);
        Endpoint endpoint;
        try {
            endpoint = Endpoint.of(config.server(), config.token(), config.ca());
        } catch (Endpoint.TrustException e) {
            System.err.println("my-chat: " + e.getMessage());
            return 2;
        }
        ChatApp app = new ChatApp(endpoint, workspace, config.configFile());
        Connection connection;
        try {
            connection = Connection.open(endpoint, app.sinkOf(workspace.windows().getFirst().id()))
                    .get(15, TimeUnit.SECONDS);
            TerminalScreen screen;
            try {
                screen = TerminalScreen.open();
            } catch (java.io.IOException e) {
                connection.close();
                System.err.println("my-chat: " + e.getMessage());
                return 1;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(screen::close, "restore-terminal"));
            try {
                app.run(connection, screen);
            } catch (Throwable e) {
                screen.close();
                System.err.println("my-chat: unexpected error (the terminal has been restored):");
                e.printStackTrace();
                return 1;
            } finally {
                screen.close();
            }
            System.out.println("my-chat: bye");
            return 0;
        } catch (ExecutionException e) {
            System.err.println("my-chat: " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
            return 1;
        } catch (TimeoutException e) {
            System.err.println("my-chat: cannot connect to " + config.server() + ": no answer within 15 s");
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}
