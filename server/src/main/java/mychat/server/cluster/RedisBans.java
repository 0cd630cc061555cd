package mychat.server.cluster;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import mychat.server.history.Ban;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's bans in Redis: the hash {@code chat:{bans}} (id to the ban as JSON) and the counter
 * {@code chat:{bans}:next} that gives ids. Every node reads the hash once a second ({@code BanList.reload}), so a
 * ban made on one node is in force on all of them within about a second. Futures complete on Lettuce's threads.
 */
final class RedisBans {
    private static final Logger log = LoggerFactory.getLogger(RedisBans.class);
    static final String BANS = "chat:{bans}";
    static final String NEXT_ID = "chat:{bans}:next";
    private static final JsonFactory JSON = new JsonFactory();

    private final RedisAsyncCommands<String, String> redis;

    RedisBans(RedisAsyncCommands<String, String> redis) {
        this.redis = redis;
    }

    CompletableFuture<List<Ban>> all() {
        return redis.hgetall(BANS).toCompletableFuture().thenApply(RedisBans::parseAll);
    }

    CompletableFuture<Ban> add(Ban ban) {
        return redis.incr(NEXT_ID).toCompletableFuture().thenCompose(id -> {
            Ban stored = ban.withId(id);
            return redis.hset(BANS, String.valueOf(id), toJson(stored)).toCompletableFuture()
                    .thenApply(added -> stored);
        });
    }

    CompletableFuture<Boolean> remove(long id) {
        return redis.hdel(BANS, String.valueOf(id)).toCompletableFuture().thenApply(removed -> removed > 0);
    }

    private static List<Ban> parseAll(Map<String, String> stored) {
        List<Ban> bans = new ArrayList<>(stored.size());
        stored.forEach((id, json) -> {
            try {
                bans.add(fromJson(Long.parseLong(id), json));
            } catch (IOException | RuntimeException e) {
                log.warn("ban {} in Redis is unreadable ({}); ignored", id, e.toString());
            }
        });
        bans.sort(Comparator.comparingLong(Ban::id));
        return bans;
    }

    static String toJson(Ban ban) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            if (ban.nick() != null) {
                g.writeStringField("nick", ban.nick());
            }
            if (ban.address() != null) {
                g.writeStringField("address", ban.address());
            }
            if (ban.room() != null) {
                g.writeStringField("room", ban.room());
            }
            g.writeNumberField("created", ban.createdMillis());
            if (ban.expiresMillis() != null) {
                g.writeNumberField("expires", ban.expiresMillis());
            }
            g.writeStringField("reason", ban.reason());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    static Ban fromJson(long id, String json) throws IOException {
        String nick = null;
        String address = null;
        String room = null;
        long created = 0;
        Long expires = null;
        String reason = "";
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not an object");
            }
            String field;
            while ((field = p.nextFieldName()) != null) {
                p.nextToken();
                switch (field) {
                    case "nick" -> nick = p.getText();
                    case "address" -> address = p.getText();
                    case "room" -> room = p.getText();
                    case "created" -> created = p.getLongValue();
                    case "expires" -> expires = p.getLongValue();
                    case "reason" -> reason = p.getText();
                    default -> p.skipChildren();
                }
            }
        }
        return new Ban(id, nick, address, room, created, expires, reason);
    }
}
