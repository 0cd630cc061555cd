/**
 * The web client's files, served from the jar to plain HTTP {@code GET}s when {@code CHAT_WEB} is on.
 *
 * <pre>
 * WebAssets       the files under {@code web/} on the class path, read and gzipped once at start-up, with ETags
 * AssetResponses  one HTTP answer per asset request: conditional (304), gzip when accepted, cache and security
 *                 headers (Content-Security-Policy, nosniff, referrer policy)
 * </pre>
 *
 * <p>Threading: {@link mychat.server.web.WebAssets} is immutable after it is built (on the starting thread);
 * answers are built on the asking connection's event loop and never block. Uses only Netty's HTTP codec types.
 */
package mychat.server.web;
