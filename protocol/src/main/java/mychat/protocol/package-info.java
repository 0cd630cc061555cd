/**
 * The wire contract of my-chat, shared by the server, the terminal client and the benchmark tool.
 *
 * <ul>
 *   <li>{@link mychat.protocol.ClientRequest} and {@link mychat.protocol.ServerEvent}: sealed sets of records,
 *       one per JSON {@code type}; a {@code switch} over them must be exhaustive.</li>
 *   <li>{@link mychat.protocol.Rules}: every content rule (lengths, byte limits, forbidden characters) in one
 *       place, returning an {@link mychat.protocol.ErrorCode}.</li>
 *   <li>{@link mychat.protocol.Codec}: the one JSON codec; malformed input becomes a
 *       {@link mychat.protocol.Decoded.Malformed} value, never an exception.</li>
 * </ul>
 *
 * Pure Java plus jackson-core's streaming API; no I/O, no threads. Everything here is immutable and thread-safe.
 * {@code docs/PROTOCOL.md} is the normative spec this package implements.
 */
package mychat.protocol;
