/**
 * The my-chat server: {@link mychat.server.Main} (process entry, signals, exit codes),
 * {@link mychat.server.ServerConfig} (environment variables, validated all at once) and {@link mychat.server.ChatServer} (event loops, listener,
 * graceful shutdown).
 *
 * <p>Subpackages, with dependencies running one way: {@code net -> hub -> room -> wire}, and {@code net -> wire}.
 * See {@code docs/architecture.md} for the threading model and how a message flows.
 */
package mychat.server;
