/**
 * The command line: {@link mychat.bench.cli.Args} (options, all problems reported at once),
 * {@link mychat.bench.cli.Configs} (options into scenario configs, each default written once there) and
 * {@link mychat.bench.cli.Usage} (the help texts). Main thread only. Uses {@code scenario} and {@code net} types.
 */
package mychat.bench.cli;
