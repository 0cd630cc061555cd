/**
 * How bytes leave the server: events encoded once into complete WebSocket frames ({@link mychat.server.wire.Frames}),
 * and the closing handshake with its close codes ({@link mychat.server.wire.Closing}).
 *
 * <p>Used by both {@code net} (replies on a connection's own event loop) and {@code room} (broadcasts on the room's
 * event loop). Stateless apart from one channel attribute that marks a connection as closing; safe from any thread.
 */
package mychat.server.wire;
