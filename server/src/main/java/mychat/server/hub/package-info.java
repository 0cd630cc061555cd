/**
 * The room registry: finds or creates a room by name, retires rooms that empty, lists rooms with members.
 *
 * <p>Threading: called from any connection's event loop and from rooms' loops; the registry is a
 * {@code ConcurrentHashMap} whose per-key {@code compute} makes "hand out a room for a join" and "retire an empty
 * room" atomic with each other. Nothing here is on the message path. Uses {@code room}; never {@code net}.
 */
package mychat.server.hub;
