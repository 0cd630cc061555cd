package mychat.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import mychat.bench.cli.Args;
import mychat.bench.cli.Configs;
import mychat.bench.cli.Usage;
import mychat.bench.floor.FloorServer;
import mychat.bench.report.Comparison;
import mychat.bench.report.Json;
import mychat.bench.scenario.ConnectScenario;
import mychat.bench.scenario.FanoutScenario;
import mychat.bench.scenario.Progress;
import mychat.bench.scenario.RunReport;
import mychat.bench.scenario.SetupException;
import mychat.bench.scenario.StartupScenario;
import mychat.bench.scenario.StormScenario;
import mychat.bench.soak.SoakScenario;

/**
 * Entry point of {@code my-chat-bench.jar}: one subcommand per run. Progress and the summary go to stderr, the run's
 * one JSON line to stdout. Exit codes: 0 done, 1 set-up failed, 2 bad options.
 */
public final class Main {
    static final int EXIT_SETUP_FAILED = 1;
    static final int EXIT_USAGE = 2;

    private Main() {}

    public static void main(String[] argv) {
        System.exit(run(argv, System.out, System.err));
    }

    static int run(String[] argv, PrintStream out, PrintStream err) {
        if (argv.length == 0 || Set.of("--help", "-h", "help").contains(argv[0])) {
            out.print(Usage.MAIN);
            return argv.length == 0 ? EXIT_USAGE : 0;
        }
        String command = argv[0];
        String[] rest = Arrays.copyOfRange(argv, 1, argv.length);
        try (Progress progress = Progress.to(err, Duration.ofSeconds(1))) {
            RunReport report = switch (command) {
                case "fanout" -> {
                    Args a = Args.parse(rest, Configs.FANOUT_FLAGS);
                    if (a.flag("help")) {
                        out.print(Usage.FANOUT);
                        yield null;
                    }
                    yield FanoutScenario.run(Configs.fanout(a), progress);
                }
                case "connect" -> {
                    Args a = Args.parse(rest, Configs.CONNECT_FLAGS);
                    if (a.flag("help")) {
                        out.print(Usage.CONNECT);
                        yield null;
                    }
                    yield ConnectScenario.run(Configs.connect(a), progress);
                }
                case "storm" -> {
                    Args a = Args.parse(rest, Configs.STORM_FLAGS);
                    if (a.flag("help")) {
                        out.print(Usage.STORM);
                        yield null;
                    }
                    yield StormScenario.run(Configs.storm(a), progress);
                }
                case "soak" -> {
                    Args a = Args.parse(rest, Configs.SOAK_FLAGS);
                    if (a.flag("help")) {
                        out.print(Usage.SOAK);
                        yield null;
                    }
                    yield SoakScenario.run(Configs.soak(a), progress);
                }
                case "startup" -> {
                    Args a = Args.parse(rest, Configs.STARTUP_FLAGS);
                    if (a.flag("help")) {
                        out.print(Usage.STARTUP);
                        yield null;
                    }
                    yield StartupScenario.run(Configs.startup(a), progress);
                }
                case "report" -> {
                    report(rest, out);
                    yield null;
                }
                case "floor-server" -> {
                    floorServer(rest, out, err);
                    yield null;
                }
                default -> throw new Args.UsageException("unknown command \"" + command + "\"\n\n" + Usage.MAIN);
            };
            if (report != null) {
                err.print(report.summary());
                out.println(Json.line(report.toJson()));
            }
            return 0;
        } catch (Args.UsageException e) {
            err.println("my-chat-bench: " + e.getMessage().replace("\n", "\nmy-chat-bench: "));
            return EXIT_USAGE;
        } catch (SetupException e) {
            err.println("my-chat-bench: " + e.getMessage());
            return EXIT_SETUP_FAILED;
        } catch (IOException e) {
            err.println("my-chat-bench: " + e);
            return EXIT_SETUP_FAILED;
        }
    }

    private static void floorServer(String[] argv, PrintStream out, PrintStream err)
            throws Args.UsageException, SetupException {
        Args a = Args.parse(argv, Set.of("help"));
        if (a.flag("help")) {
            out.print(Usage.FLOOR_SERVER);
            return;
        }
        String host = a.string("host", "127.0.0.1");
        int port = a.integer("port", 9000, 0, 65535);
        a.throwIfInvalid();
        try (FloorServer server = FloorServer.start(host, port)) {
            err.println("floor server: listening on ws://" + host + ":" + server.port() + "/ (Ctrl-C stops it)");
            server.awaitClose();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            throw new SetupException("floor server on " + host + ":" + port + " failed: " + e.getMessage(), e);
        }
    }

    private static void report(String[] argv, PrintStream out) throws Args.UsageException, IOException {
        Args a = Args.parse(argv, Set.of("help"));
        if (a.flag("help")) {
            out.print(Usage.REPORT);
            return;
        }
        String baseline = a.string("baseline", "node");
        if (a.positional().isEmpty()) {
            a.problem("give one or more results files");
        }
        a.throwIfInvalid();
        Comparison comparison = new Comparison(baseline);
        for (String file : a.positional()) {
            comparison.read(Path.of(file));
        }
        out.print(comparison.table());
    }
}
