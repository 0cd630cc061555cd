package mychat.server.history;

import mychat.protocol.ServerEvent;

/**
 * A message as stored: its room, its id (per room, going up by one, never reused), server time, author, text, and
 * the sender's idempotency key ({@code cid}, may be null).
 */
public record ChatMessage(String room, long id, long ts, String from, String text, String cid) {

    public ServerEvent.Message toEvent(boolean history) {
        return new ServerEvent.Message(room, id, from, text, ts, history, cid);
    }
}
