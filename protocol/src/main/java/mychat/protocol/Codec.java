package mychat.protocol;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The JSON codec for both directions. One frame holds one JSON object whose {@code type} names the variant; extra
 * fields are ignored. Decoding is strict about everything else (trailing data, duplicate keys, nulls, wrong types,
 * unpaired surrogates) and reports problems as {@link Decoded.Malformed}. Thread-safe.
 */
public final class Codec {

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8) // emoji as raw UTF-8, not \uD83D\uDE00
            .build();

    private Codec() {}

    // ---- client -> server ----------------------------------------------------------------------------------------

    public static Decoded<ClientRequest> decodeRequest(byte[] utf8) {
        return decodeRequest(utf8, 0, utf8.length);
    }

    public static Decoded<ClientRequest> decodeRequest(byte[] utf8, int offset, int length) {
        try (JsonParser parser = JSON.createParser(utf8, offset, length)) {
            return toRequest(JsonFields.read(parser));
        } catch (MalformedFrame e) {
            return new Decoded.Malformed<>(e.getMessage());
        } catch (IOException e) {
            return new Decoded.Malformed<>("invalid JSON: " + firstLine(e.getMessage()));
        }
    }

    public static Decoded<ClientRequest> decodeRequest(String json) {
        return decodeRequest(json.getBytes(StandardCharsets.UTF_8));
    }

    private static Decoded<ClientRequest> toRequest(JsonFields f) {
        String type = f.type();
        ClientRequest request = switch (type) {
            case "ListRooms" -> new ClientRequest.ListRooms();
            case "Join" -> new ClientRequest.Join(f.string("room"), f.string("nick"), f.optionalId("since"));
            case "SendMsg" -> new ClientRequest.SendMsg(f.string("text"), cid(f));
            case "Leave" -> new ClientRequest.Leave();
            case "History" -> history(f);
            case "Auth" -> new ClientRequest.Auth(f.string("token"));
            case "Typing" -> new ClientRequest.Typing();
            default -> throw new MalformedFrame("unknown request type \"" + type + "\"");
        };
        return new Decoded.Ok<>(request);
    }

    private static String cid(JsonFields f) {
        String cid = f.optionalString("cid");
        if (cid != null && (cid.isEmpty() || cid.codePointCount(0, cid.length()) > Limits.MAX_CID_CHARS)) {
            throw new MalformedFrame("field \"cid\" must be 1 to " + Limits.MAX_CID_CHARS + " characters");
        }
        return cid;
    }

    private static ClientRequest.History history(JsonFields f) {
        Long before = f.optionalId("before");
        Long after = f.optionalId("after");
        if (before != null && after != null) {
            throw new MalformedFrame("give \"before\" or \"after\", not both");
        }
        Long limit = f.optionalInteger("limit");
        if (limit != null && (limit < 1 || limit > Limits.MAX_HISTORY_PAGE)) {
            throw new MalformedFrame("field \"limit\" must be 1 to " + Limits.MAX_HISTORY_PAGE);
        }
        return new ClientRequest.History(before, after,
                limit == null ? Limits.DEFAULT_HISTORY_PAGE : limit.intValue());
    }

    public static byte[] encode(ClientRequest request) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        encode(request, out);
        return out.toByteArray();
    }

    public static String encodeToString(ClientRequest request) {
        return new String(encode(request), StandardCharsets.UTF_8);
    }

    public static void encode(ClientRequest request, OutputStream out) {
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            switch (request) {
                case ClientRequest.ListRooms r -> g.writeStringField("type", "ListRooms");
                case ClientRequest.Join r -> {
                    g.writeStringField("type", "Join");
                    g.writeStringField("room", r.room());
                    g.writeStringField("nick", r.nick());
                    writeOptional(g, "since", r.since());
                }
                case ClientRequest.SendMsg r -> {
                    g.writeStringField("type", "SendMsg");
                    g.writeStringField("text", r.text());
                    if (r.cid() != null) {
                        g.writeStringField("cid", r.cid());
                    }
                }
                case ClientRequest.Leave r -> g.writeStringField("type", "Leave");
                case ClientRequest.Typing r -> g.writeStringField("type", "Typing");
                case ClientRequest.Auth r -> {
                    g.writeStringField("type", "Auth");
                    g.writeStringField("token", r.token());
                }
                case ClientRequest.History r -> {
                    g.writeStringField("type", "History");
                    writeOptional(g, "before", r.before());
                    writeOptional(g, "after", r.after());
                    g.writeNumberField("limit", r.limit());
                }
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- server -> client ----------------------------------------------------------------------------------------

    /** Writes {@code event} as one UTF-8 JSON object. The caller owns {@code out}; it is not closed. */
    public static void encode(ServerEvent event, OutputStream out) {
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            switch (event) {
                case ServerEvent.RoomList e -> {
                    g.writeStringField("type", "RoomList");
                    writeStrings(g, "rooms", e.rooms());
                }
                case ServerEvent.Joined e -> {
                    g.writeStringField("type", "Joined");
                    g.writeStringField("room", e.room());
                    writeStrings(g, "members", e.members());
                    if (e.recovered() != null) {
                        g.writeBooleanField("recovered", e.recovered());
                    }
                }
                case ServerEvent.UserJoined e -> {
                    g.writeStringField("type", "UserJoined");
                    g.writeStringField("nick", e.nick());
                }
                case ServerEvent.UserLeft e -> {
                    g.writeStringField("type", "UserLeft");
                    g.writeStringField("nick", e.nick());
                }
                case ServerEvent.Typing e -> {
                    g.writeStringField("type", "Typing");
                    g.writeStringField("nick", e.nick());
                }
                case ServerEvent.Message e -> writeMessageFields(g, e);
                case ServerEvent.HistoryPage e -> {
                    g.writeStringField("type", "HistoryPage");
                    g.writeStringField("room", e.room());
                    g.writeArrayFieldStart("messages");
                    for (ServerEvent.Message m : e.messages()) {
                        g.writeStartObject();
                        writeMessageFields(g, m);
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                    g.writeBooleanField("more", e.more());
                }
                case ServerEvent.Notice e -> {
                    g.writeStringField("type", "Notice");
                    g.writeStringField("room", e.room());
                    g.writeStringField("text", e.text());
                    g.writeNumberField("ts", e.ts());
                }
                case ServerEvent.MessageDeleted e -> {
                    g.writeStringField("type", "MessageDeleted");
                    g.writeStringField("room", e.room());
                    g.writeNumberField("id", e.id());
                }
                case ServerEvent.Error e -> {
                    g.writeStringField("type", "Error");
                    g.writeStringField("code", e.code().wireName());
                    g.writeStringField("reason", e.reason());
                    writeOptional(g, "dropped", e.dropped());
                    writeOptional(g, "from", e.from());
                    writeOptional(g, "to", e.to());
                    writeOptional(g, "retry_after_ms", e.retryAfterMs());
                }
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] encode(ServerEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        encode(event, out);
        return out.toByteArray();
    }

    public static String encodeToString(ServerEvent event) {
        return new String(encode(event), StandardCharsets.UTF_8);
    }

    public static Decoded<ServerEvent> decodeEvent(String json) {
        return decodeEvent(json.getBytes(StandardCharsets.UTF_8));
    }

    public static Decoded<ServerEvent> decodeEvent(byte[] utf8) {
        try (JsonParser parser = JSON.createParser(utf8)) {
            return new Decoded.Ok<>(toEvent(JsonFields.read(parser)));
        } catch (MalformedFrame e) {
            return new Decoded.Malformed<>(e.getMessage());
        } catch (IOException e) {
            return new Decoded.Malformed<>("invalid JSON: " + firstLine(e.getMessage()));
        }
    }

    private static ServerEvent toEvent(JsonFields f) {
        String type = f.type();
        return switch (type) {
            case "RoomList" -> new ServerEvent.RoomList(f.strings("rooms"));
            case "Joined" -> new ServerEvent.Joined(f.string("room"), f.strings("members"),
                    f.optionalBoolean("recovered"));
            case "UserJoined" -> new ServerEvent.UserJoined(f.string("nick"));
            case "UserLeft" -> new ServerEvent.UserLeft(f.string("nick"));
            case "Typing" -> new ServerEvent.Typing(f.string("nick"));
            case "Message" -> message(f);
            case "HistoryPage" -> new ServerEvent.HistoryPage(f.string("room"),
                    f.objects("messages").stream().map(Codec::message).toList(), f.bool("more"));
            case "Notice" -> new ServerEvent.Notice(f.string("room"), f.string("text"), f.integer("ts"));
            case "MessageDeleted" -> new ServerEvent.MessageDeleted(f.string("room"), f.integer("id"));
            case "Error" -> {
                String wire = f.string("code");
                ErrorCode code = ErrorCode.fromWireName(wire);
                if (code == null) {
                    throw new MalformedFrame("unknown error code \"" + wire + "\"");
                }
                yield new ServerEvent.Error(code, f.string("reason"), f.optionalInteger("dropped"),
                        f.optionalInteger("from"), f.optionalInteger("to"), f.optionalInteger("retry_after_ms"));
            }
            default -> throw new MalformedFrame("unknown event type \"" + type + "\"");
        };
    }

    private static ServerEvent.Message message(JsonFields f) {
        Boolean history = f.optionalBoolean("history");
        return new ServerEvent.Message(f.string("room"), f.integer("id"), f.string("from"), f.string("text"),
                f.integer("ts"), history != null && history, f.optionalString("cid"));
    }

    private static void writeMessageFields(JsonGenerator g, ServerEvent.Message m) throws IOException {
        g.writeStringField("type", "Message");
        g.writeStringField("room", m.room());
        g.writeNumberField("id", m.id());
        g.writeStringField("from", m.from());
        g.writeStringField("text", m.text());
        g.writeNumberField("ts", m.ts());
        if (m.cid() != null) {
            g.writeStringField("cid", m.cid());
        }
        if (m.history()) {
            g.writeBooleanField("history", true);
        }
    }

    private static void writeOptional(JsonGenerator g, String name, Long value) throws IOException {
        if (value != null) {
            g.writeNumberField(name, value);
        }
    }

    private static void writeStrings(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String value : values) {
            g.writeString(value);
        }
        g.writeEndArray();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable input";
        }
        int eol = message.indexOf('\n');
        return eol < 0 ? message : message.substring(0, eol);
    }

    /** A frame that parsed as JSON but is not a valid message. Never escapes this package. */
    static final class MalformedFrame extends RuntimeException {
        MalformedFrame(String reason) {
            super(reason, null, false, false);
        }
    }
}
