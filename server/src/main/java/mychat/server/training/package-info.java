/**
 * The training run for the JDK's ahead-of-time cache ({@code -XX:AOTCacheOutput}, JDK 25): a server in this JVM
 * and clients that connect, join, resume, chat and leave over loopback, so that the cache holds the classes and
 * method profiles of a serving server. {@code ./run server} runs it once per build of the jar; the server never
 * uses this package. Runs on its own threads and the server's event loops; uses the server's public start-up API
 * and {@code protocol}.
 */
package mychat.server.training;
