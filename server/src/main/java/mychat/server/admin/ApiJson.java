package mychat.server.admin;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The admin API's JSON: request bodies are one flat object of strings, integers and nulls, with only the fields the
 * route knows; answers are written with a {@link JsonGenerator}. Thread-safe.
 */
final class ApiJson {
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** A body that is not what the route accepts; its message says why, for the 400 answer. */
    static final class BadBody extends Exception {
        BadBody(String message) {
            super(message, null, false, false);
        }
    }

    /** The fields of a request body; an empty body is an empty object. */
    record Body(Map<String, Object> fields) {
        /** A string field, or null when absent or null; {@link BadBody} when of another type. */
        String string(String name) throws BadBody {
            Object value = fields.get(name);
            if (value != null && !(value instanceof String)) {
                throw new BadBody("field \"" + name + "\" must be a string");
            }
            return (String) value;
        }

        Long integer(String name) throws BadBody {
            Object value = fields.get(name);
            if (value != null && !(value instanceof Long)) {
                throw new BadBody("field \"" + name + "\" must be a whole number");
            }
            return (Long) value;
        }
    }

    private ApiJson() {}

    static Body parse(byte[] body, Set<String> allowed) throws BadBody {
        Map<String, Object> fields = new HashMap<>();
        if (body.length == 0) {
            return new Body(fields);
        }
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new BadBody("the body must be a JSON object");
            }
            String name;
            while ((name = p.nextFieldName()) != null) {
                if (!allowed.contains(name)) {
                    throw new BadBody("unknown field \"" + name + "\"; this route takes " + String.join(", ",
                            allowed.stream().sorted().toList()));
                }
                JsonToken token = p.nextToken();
                fields.put(name, switch (token) {
                    case VALUE_STRING -> p.getText();
                    case VALUE_NUMBER_INT -> {
                        if (p.getNumberType() != JsonParser.NumberType.INT
                                && p.getNumberType() != JsonParser.NumberType.LONG) {
                            throw new BadBody("field \"" + name + "\" is too large");
                        }
                        yield p.getLongValue();
                    }
                    case VALUE_NULL -> null;
                    default -> throw new BadBody("field \"" + name + "\" must be a string or a whole number");
                });
            }
            if (p.nextToken() != null) {
                throw new BadBody("trailing data after the JSON object");
            }
            return new Body(fields);
        } catch (IOException e) {
            String message = e.getMessage() == null ? "unreadable" : e.getMessage().lines().findFirst().orElse("");
            throw new BadBody("malformed JSON: " + message);
        }
    }

    /** Something that writes one JSON value. */
    interface Writer {
        void write(JsonGenerator g) throws IOException;
    }

    static byte[] write(Writer writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            writer.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    static byte[] error(String message) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("error", message);
            g.writeEndObject();
        });
    }
}
