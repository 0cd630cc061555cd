/**
 * The my-chat server.
 *
 * <pre>
 * Main          process entry: configuration, start, signals, exit codes
 * ServerConfig  the environment variables, validated all at once
 * ChatServer    event loops, listener, history store, graceful shutdown
 * BuildVersion  the version Maven built (--version, the start-up log line)
 * net/          the edge: pipeline, HTTP upgrade, admission, sessions (requests to room commands), rate limits
 * hub/          the room registry: creates rooms on first join, retires them when empty
 * room/         room actors: members, nicks, message order, fan-out
 * history/      where messages (and the operators' bans) are kept: SQLite (default) or memory
 * cluster/      CHAT_STORE=redis: rooms shared by several nodes through Redis
 * wire/         events encoded once into WebSocket frames; the closing handshake
 * web/          the web client's files from the jar, answered to plain HTTP GETs (CHAT_WEB)
 * auth/         JWT verification
 * metrics/      the meters (Micrometer, Prometheus)
 * moderation/   the operators' actions (kick, notice, delete, close), the bans in force, the audit log
 * telemetry/    OpenTelemetry: set up from the OTEL_* variables; the server's spans
 * admin/        the admin listener: /metrics, /healthz, /readyz, and the moderation API under /api/
 * logging/      Logback set-up
 * training/     the AOT cache's training run (a second entry point; the server never uses it)
 * </pre>
 *
 * <p>Dependencies run one way: {@code net -> hub -> room -> {history, wire, metrics}}, {@code net -> {auth, wire,
 * metrics, moderation, web}}, {@code cluster -> {hub, room, history, metrics, moderation}}, {@code moderation ->
 * {hub, room, history}}, {@code admin -> {metrics, moderation}}; {@code net}, {@code room}, {@code history} and
 * {@code cluster} make spans through {@code telemetry}; everything may use {@code protocol}. See
 * {@code docs/architecture.md} for the threading model and how a message flows.
 */
package mychat.server;
