/** Logging set-up for the server process (Logback configured in code). Runs once, on the main thread. */
package mychat.server.logging;
