package mychat.server.history;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * How the SQLite store writes messages into its rows: a JSON array of objects, {@code [{"room":…,"id":1,"ts":…,
 * "nick":…,"text":…,"cid":…}]} ({@code cid} only when there is one). Each message is encoded once, by hand
 * (Jackson's generator cost 5 % of a busy server's core here, encoding every message twice), and the same bytes go
 * into the journal and then into a chunk. JSON rather than a binary format so that an operator can
 * read the database with {@code sqlite3}'s JSON functions (the {@code messages} view does).
 */
final class MessageJson {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final byte[] ROOM = bytes("{\"room\":\"");
    private static final byte[] ID = bytes("\",\"id\":");
    private static final byte[] TS = bytes(",\"ts\":");
    private static final byte[] NICK = bytes(",\"nick\":\"");
    private static final byte[] TEXT = bytes("\",\"text\":\"");
    private static final byte[] CID = bytes("\",\"cid\":\"");
    private static final byte[] END = bytes("\"}");

    private MessageJson() {}

    /** One message as a JSON object naming its room, appended to {@code out}. */
    static void encode(ChatMessage m, JsonBuffer out) {
        out.write(ROOM);
        out.writeQuoted(m.room());
        out.write(ID);
        out.writeDecimal(m.id());
        out.write(TS);
        out.writeDecimal(m.ts());
        out.write(NICK);
        out.writeQuoted(m.from());
        out.write(TEXT);
        out.writeQuoted(m.text());
        if (m.cid() != null) {
            out.write(CID);
            out.writeQuoted(m.cid());
        }
        out.write(END);
    }

    /** {@code messages} as one JSON array. */
    static byte[] array(List<ChatMessage> messages) {
        JsonBuffer out = new JsonBuffer(2 + messages.size() * 128);
        out.write('[');
        for (ChatMessage m : messages) {
            if (out.size() > 1) {
                out.write(',');
            }
            encode(m, out);
        }
        out.write(']');
        return out.toByteArray();
    }

    /** The messages of a JSON array of them; {@code room} for objects that do not name one. */
    static List<ChatMessage> decode(byte[] json, String room) {
        List<ChatMessage> out = new ArrayList<>();
        try (JsonParser p = JSON.createParser(json)) {
            expect(p.nextToken(), JsonToken.START_ARRAY);
            while (p.nextToken() == JsonToken.START_OBJECT) {
                String inRoom = room;
                long id = 0;
                long ts = 0;
                String nick = null;
                String text = null;
                String cid = null;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    p.nextToken();
                    switch (field) {
                        case "room" -> inRoom = p.getText();
                        case "id" -> id = p.getLongValue();
                        case "ts" -> ts = p.getLongValue();
                        case "nick" -> nick = p.getText();
                        case "text" -> text = p.getText();
                        case "cid" -> cid = p.getText();
                        default -> p.skipChildren(); // written by a later version: not ours to interpret
                    }
                }
                if (inRoom == null || id <= 0 || nick == null || text == null) {
                    throw new StoreException("stored message without room, id, nick or text", null);
                }
                out.add(new ChatMessage(inRoom, id, ts, nick, text, cid));
            }
        } catch (IOException e) {
            throw new StoreException("stored messages are not valid JSON: " + e.getMessage(), e);
        }
        return out;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static void expect(JsonToken actual, JsonToken expected) {
        if (actual != expected) {
            throw new StoreException("stored messages: expected " + expected + ", found " + actual, null);
        }
    }
}
