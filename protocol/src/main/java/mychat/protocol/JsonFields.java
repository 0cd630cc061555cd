package mychat.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields of one JSON object, read in a single pass. Values keep their JSON kind (string, integer, boolean,
 * null, array, object) so that a missing, null or ill-typed field can be reported precisely.
 */
final class JsonFields {
    private static final Object NULL = new Object();
    /** A number that is not a 64-bit integer: no field of ours has that type. */
    private static final Object OTHER_NUMBER = new Object();

    private final Map<String, Object> values = new HashMap<>(8);

    static JsonFields read(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new Codec.MalformedFrame("a frame must be one JSON object");
        }
        JsonFields fields = readObject(p);
        if (p.nextToken() != null) {
            throw new Codec.MalformedFrame("unexpected data after the JSON object");
        }
        return fields;
    }

    /** Reads the members of an object whose START_OBJECT was just consumed. */
    private static JsonFields readObject(JsonParser p) throws IOException {
        JsonFields fields = new JsonFields();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String name = p.currentName();
            fields.values.put(name, readValue(p, p.nextToken()));
        }
        return fields;
    }

    private static Object readValue(JsonParser p, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? OTHER_NUMBER : (Object) p.getLongValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> NULL;
            case START_ARRAY -> {
                List<Object> items = new ArrayList<>();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    items.add(readValue(p, t));
                }
                yield items;
            }
            case START_OBJECT -> readObject(p);
            default -> OTHER_NUMBER;
        };
    }

    String type() {
        Object type = values.get("type");
        if (type == null || type == NULL) {
            throw new Codec.MalformedFrame("missing field \"type\"");
        }
        if (!(type instanceof String s)) {
            throw new Codec.MalformedFrame("field \"type\" must be a string");
        }
        return s;
    }

    String string(String name) {
        if (present(name) instanceof String s) {
            if (Rules.hasUnpairedSurrogate(s)) {
                throw new Codec.MalformedFrame("field \"" + name + "\" holds an unpaired surrogate");
            }
            return s;
        }
        throw new Codec.MalformedFrame("field \"" + name + "\" must be a string");
    }

    String optionalString(String name) {
        return isAbsent(name) ? null : string(name);
    }

    long integer(String name) {
        if (present(name) instanceof Long n) {
            return n;
        }
        throw new Codec.MalformedFrame("field \"" + name + "\" must be an integer");
    }

    Long optionalInteger(String name) {
        return isAbsent(name) ? null : integer(name);
    }

    /** An optional message id: a non-negative integer. */
    Long optionalId(String name) {
        Long id = optionalInteger(name);
        if (id != null && id < 0) {
            throw new Codec.MalformedFrame("field \"" + name + "\" must not be negative");
        }
        return id;
    }

    boolean bool(String name) {
        if (present(name) instanceof Boolean b) {
            return b;
        }
        throw new Codec.MalformedFrame("field \"" + name + "\" must be true or false");
    }

    Boolean optionalBoolean(String name) {
        return isAbsent(name) ? null : bool(name);
    }

    List<String> strings(String name) {
        List<String> out = new ArrayList<>();
        for (Object item : array(name)) {
            if (!(item instanceof String s)) {
                throw new Codec.MalformedFrame("field \"" + name + "\" must be an array of strings");
            }
            out.add(s);
        }
        return out;
    }

    List<JsonFields> objects(String name) {
        List<JsonFields> out = new ArrayList<>();
        for (Object item : array(name)) {
            if (!(item instanceof JsonFields f)) {
                throw new Codec.MalformedFrame("field \"" + name + "\" must be an array of objects");
            }
            out.add(f);
        }
        return out;
    }

    private List<?> array(String name) {
        if (present(name) instanceof List<?> list) {
            return list;
        }
        throw new Codec.MalformedFrame("field \"" + name + "\" must be an array");
    }

    /** Absent and null both mean "not given" for optional fields. */
    private boolean isAbsent(String name) {
        Object value = values.get(name);
        return value == null || value == NULL;
    }

    private Object present(String name) {
        Object value = values.get(name);
        if (value == null) {
            throw new Codec.MalformedFrame("missing field \"" + name + "\"");
        }
        if (value == NULL) {
            throw new Codec.MalformedFrame("field \"" + name + "\" must not be null");
        }
        return value;
    }
}
