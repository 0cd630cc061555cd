package mychat.server.moderation;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The audit trail: one line per operator action, on the logger {@code mychat.audit}, saying who (the operator's
 * name as the API client gave it, and its address), what (the action, its target and its outcome) and when (the
 * line's time). With {@code CHAT_LOG_FORMAT=json} the details are the line's key-value pairs.
 */
public final class Audit {
    private static final Logger log = LoggerFactory.getLogger("mychat.audit");

    private Audit() {}

    /**
     * Logs an action. {@code details}: pairs of key and value (values may be null and are then left out).
     */
    public static void record(String operator, String address, String action, String outcome, Object... details) {
        LoggingEventBuilder line = log.atInfo()
                .addKeyValue("operator", operator)
                .addKeyValue("from", address)
                .addKeyValue("action", action)
                .addKeyValue("outcome", outcome);
        StringBuilder text = new StringBuilder("audit: ").append(oneLine(operator)).append(" (").append(address)
                .append(") ").append(oneLine(action));
        for (int i = 0; i + 1 < details.length; i += 2) {
            if (details[i + 1] != null) {
                line.addKeyValue((String) details[i], details[i + 1]);
                text.append(' ').append(details[i]).append('=').append(oneLine(String.valueOf(details[i + 1])));
            }
        }
        line.setMessage(text.append(": ").append(outcome).toString()).log();
    }

    /**
     * The value with control characters shown as {@code ?}: a reason or header sent to the API must not be able to
     * forge a second log line or send escape sequences to whoever reads the log in a terminal.
     */
    static String oneLine(String value) {
        StringBuilder out = new StringBuilder(value.length());
        value.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }
}
