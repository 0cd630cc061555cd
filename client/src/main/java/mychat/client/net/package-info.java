/**
 * The client's connection to a server, on the JDK's {@code java.net.http.WebSocket}: frames in become
 * {@link mychat.client.state.Input}s, requests out are encoded with the shared {@code protocol} codec.
 *
 * <p>Threading: callbacks arrive on the HTTP client's threads and only post inputs; sends may come from any
 * thread and are serialized here. Uses {@code state} (for the input type) and {@code protocol}; never {@code ui}.
 */
package mychat.client.net;
