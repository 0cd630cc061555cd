/**
 * The network edge: the Netty pipeline, the HTTP upgrade (or the web client's files for plain requests), WebSocket
 * frames, and one {@link mychat.server.net.Session} per connection that turns decoded requests into room commands.
 *
 * <p>Threading: everything here runs on the connection's own event loop. A session talks to rooms only through
 * {@code Room.tell} and learns results from futures completed back on its loop. Uses {@code hub}, {@code room},
 * {@code wire}, {@code web}, {@code telemetry} (the upgrade's span; each Join, History and SendMsg starts one that
 * its room ends) and {@code protocol}.
 */
package mychat.server.net;
