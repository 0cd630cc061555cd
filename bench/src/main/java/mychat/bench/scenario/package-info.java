/**
 * What the load generator measures. {@link mychat.bench.scenario.FanoutScenario}: rooms of members, paced senders,
 * end-to-end latency and loss, optionally searching the highest rate that holds
 * ({@link mychat.bench.scenario.RateSearch}). {@link mychat.bench.scenario.ConnectScenario}: many idle joined
 * connections, their set-up rate and the server's memory per connection.
 * {@link mychat.bench.scenario.StartupScenario}: time from launching a server to its first accepted connection.
 *
 * <p>Threading: a scenario runs on the calling (main) thread and only waits on the client event loops; the
 * {@link mychat.bench.scenario.Pacer} is the one piece that runs on a loop. {@link mychat.bench.scenario.Progress}
 * prints status lines from its own timer thread.
 *
 * <p>Uses: {@code net}, {@code report}. Every result type implements {@link mychat.bench.scenario.RunReport}.
 */
package mychat.bench.scenario;
