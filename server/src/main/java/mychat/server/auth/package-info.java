/**
 * Token authentication: {@link mychat.server.auth.Authenticator} verifies JWTs (HS256 with a shared secret, or
 * RS256/ES256 with a public key) with nimbus-jose-jwt and turns them into a {@link mychat.server.auth.Principal}.
 *
 * <p>Threading: immutable and thread-safe; called on connections' event loops (verification is CPU only, no I/O).
 * Uses {@code protocol} for the nick rules; nothing else of the server.
 */
package mychat.server.auth;
