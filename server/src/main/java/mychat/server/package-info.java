/**
 * The my-chat server.
 *
 * <pre>
 * Main          process entry: configuration, start, signals, exit codes
 * ServerConfig  the environment variables, validated all at once
 * ChatServer    event loops, listener, history store, graceful shutdown
 * net/          the edge: pipeline, HTTP upgrade, admission, sessions (requests to room commands), rate limits
 * hub/          the room registry: creates rooms on first join, retires them when empty
 * room/         room actors: members, nicks, message order, fan-out
 * history/      where messages are kept: SQLite (default) or memory
 * cluster/      CHAT_STORE=redis: rooms shared by several nodes through Redis
 * wire/         events encoded once into WebSocket frames; the closing handshake
 * web/          the web client's files from the jar, answered to plain HTTP GETs (CHAT_WEB)
 * auth/         JWT verification
 * metrics/      the meters (Micrometer, Prometheus)
 * admin/        the admin listener: /metrics, /healthz, /readyz
 * logging/      Logback set-up
 * training/     the AOT cache's training run (a second entry point; the server never uses it)
 * </pre>
 *
 * <p>Dependencies run one way: {@code net -> hub -> room -> {history, wire, metrics}}, {@code net -> {auth, wire,
 * metrics, web}}, {@code cluster -> {hub, room, history, metrics}}, {@code admin -> metrics}; everything may use
 * {@code protocol}. See {@code docs/architecture.md} for the threading model and how a message flows.
 */
package mychat.server;
