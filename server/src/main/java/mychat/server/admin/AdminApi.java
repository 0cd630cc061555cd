package mychat.server.admin;

import com.fasterxml.jackson.core.JsonGenerator;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import mychat.protocol.Rules;
import mychat.server.admin.ApiJson.BadBody;
import mychat.server.admin.ApiJson.Body;
import mychat.server.history.Ban;
import mychat.server.moderation.Audit;
import mychat.server.moderation.BanList;
import mychat.server.moderation.Moderation;
import mychat.server.moderation.Moderation.Outcome;

/**
 * The moderation API under {@code /api/} (docs/ADMIN.md): checks the operator's token, routes, validates input and
 * turns each action's outcome into an HTTP status and a JSON body. Every action, refused or not, leaves an audit
 * line. Runs on the admin connection's event loop and never blocks it: actions answer through futures, bounded by
 * {@link #TIMEOUT_SECONDS}.
 */
final class AdminApi {
    static final String PREFIX = "/api/";
    /** An action the server could not finish in this time is answered 503. */
    private static final long TIMEOUT_SECONDS = 5;
    private static final int MAX_REASON_CHARS = 256;
    private static final long MAX_BAN_SECONDS = 100L * 365 * 24 * 3600;
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    /** What to send back. {@code allow}: for 405, the methods the path takes. */
    record Answer(HttpResponseStatus status, byte[] body, String allow) {
        Answer(HttpResponseStatus status, byte[] body) {
            this(status, body, null);
        }

        static Answer error(HttpResponseStatus status, String message) {
            return new Answer(status, ApiJson.error(message));
        }
    }

    /** One request as the API sees it: decoded path segments after {@code /api/}, the body, who sent it. */
    private record Call(HttpMethod method, List<String> path, byte[] body, String operator, String address) {}

    private final byte[] token;
    private final Moderation moderation;
    private final BanList bans;
    private final Clock clock;

    /** {@code token}: what {@code Authorization: Bearer} must carry; null switches the API off (403). */
    AdminApi(String token, Moderation moderation, BanList bans, Clock clock) {
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
        this.moderation = moderation;
        this.bans = bans;
        this.clock = clock;
    }

    /**
     * Answers a request whose path starts with {@link #PREFIX}. {@code operator}: the {@code X-Chat-Operator}
     * header, for the audit line (null: "admin").
     */
    CompletableFuture<Answer> handle(HttpMethod method, String rawPath, String authorization, byte[] body,
                                     String operator, String address) {
        String who = operator == null || operator.isBlank() ? "admin" : operator.strip();
        if (token == null) {
            Audit.record(who, address, method + " " + rawPath, "refused: the API is off");
            return done(Answer.error(HttpResponseStatus.FORBIDDEN,
                    "the admin API is off: set CHAT_ADMIN_TOKEN to switch it on"));
        }
        if (!authorized(authorization)) {
            Audit.record(who, address, method + " " + rawPath, "refused: missing or wrong token");
            return done(Answer.error(HttpResponseStatus.UNAUTHORIZED,
                    "send the admin token as Authorization: Bearer <CHAT_ADMIN_TOKEN>"));
        }
        List<String> path;
        try {
            path = segments(rawPath);
        } catch (IllegalArgumentException e) {
            return done(Answer.error(HttpResponseStatus.BAD_REQUEST, "malformed path: " + e.getMessage()));
        }
        Call call = new Call(method, path, body, who, address);
        try {
            return route(call).orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .exceptionally(error -> Answer.error(HttpResponseStatus.SERVICE_UNAVAILABLE,
                            "the server could not carry this out just now; try again"));
        } catch (BadBody e) {
            Audit.record(who, address, method + " " + rawPath, "refused: " + e.getMessage());
            return done(Answer.error(HttpResponseStatus.BAD_REQUEST, e.getMessage()));
        }
    }

    private boolean authorized(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token); // constant time: the token cannot be guessed byte by byte
    }

    /** The path after {@code /api/}, split at {@code /}, each segment percent-decoded ({@code +} stays). */
    private static List<String> segments(String rawPath) {
        String rest = rawPath.substring(PREFIX.length());
        List<String> out = new ArrayList<>();
        for (String segment : rest.split("/", -1)) {
            out.add(QueryStringDecoder.decodeComponent(segment.replace("+", "%2B"), StandardCharsets.UTF_8));
        }
        if (!out.isEmpty() && out.getLast().isEmpty()) {
            out.removeLast(); // a trailing slash
        }
        return out;
    }

    private CompletableFuture<Answer> route(Call c) throws BadBody {
        List<String> p = c.path();
        int n = p.size();
        if (n >= 1 && p.get(0).equals("rooms")) {
            if (n == 1) {
                return only(c, HttpMethod.GET) ? rooms() : notAllowed("GET");
            }
            String room = room(p.get(1));
            if (n == 2) {
                return only(c, HttpMethod.DELETE) ? close(c, room) : notAllowed("DELETE");
            }
            if (n == 3 && p.get(2).equals("members")) {
                return only(c, HttpMethod.GET) ? members(room) : notAllowed("GET");
            }
            if (n == 3 && p.get(2).equals("kick")) {
                return only(c, HttpMethod.POST) ? kick(c, room) : notAllowed("POST");
            }
            if (n == 3 && p.get(2).equals("notice")) {
                return only(c, HttpMethod.POST) ? notice(c, room) : notAllowed("POST");
            }
            if (n == 4 && p.get(2).equals("messages")) {
                return only(c, HttpMethod.DELETE) ? deleteMessage(c, room, id(p.get(3))) : notAllowed("DELETE");
            }
        } else if (n >= 1 && p.get(0).equals("bans")) {
            if (n == 1) {
                if (only(c, HttpMethod.GET)) {
                    return bans.inForce().thenApply(list -> new Answer(HttpResponseStatus.OK,
                            ApiJson.write(g -> writeBans(g, list))));
                }
                return only(c, HttpMethod.POST) ? ban(c) : notAllowed("GET, POST");
            }
            if (n == 2) {
                return only(c, HttpMethod.DELETE) ? unban(c, id(p.get(1))) : notAllowed("DELETE");
            }
        }
        return done(Answer.error(HttpResponseStatus.NOT_FOUND, "no such API path; see docs/ADMIN.md"));
    }

    // ---- actions ----------------------------------------------------------------------------------------------

    private CompletableFuture<Answer> rooms() {
        return moderation.rooms().thenApply(rooms -> new Answer(HttpResponseStatus.OK, ApiJson.write(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("rooms");
            for (Moderation.RoomInfo room : rooms) {
                g.writeStartObject();
                g.writeStringField("name", room.name());
                g.writeNumberField("members", room.members());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        })));
    }

    private CompletableFuture<Answer> members(String room) {
        return moderation.members(room).thenApply(members -> members == null ? noRoom(room)
                : new Answer(HttpResponseStatus.OK, ApiJson.write(g -> {
                    g.writeStartObject();
                    g.writeStringField("room", room);
                    g.writeArrayFieldStart("members");
                    for (Moderation.MemberInfo m : members) {
                        g.writeStartObject();
                        g.writeStringField("nick", m.nick());
                        optional(g, "node", m.node());
                        optional(g, "address", m.address());
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                })));
    }

    private CompletableFuture<Answer> kick(Call c, String room) throws BadBody {
        Body body = ApiJson.parse(c.body(), Set.of("nick", "reason"));
        String nick = required(body, "nick");
        if (Rules.checkNick(nick).isPresent()) {
            throw new BadBody("\"nick\" is not a valid nick");
        }
        String reason = reason(body, "kicked by an operator");
        return moderation.kick(room, nick, reason).thenApply(outcome -> {
            Audit.record(c.operator(), c.address(), "kick", outcome.name().toLowerCase(), "room", room,
                    "nick", nick, "reason", reason);
            return answer(outcome, room, "nick " + nick + " is not in room " + room);
        });
    }

    private CompletableFuture<Answer> notice(Call c, String room) throws BadBody {
        Body body = ApiJson.parse(c.body(), Set.of("text"));
        String text = required(body, "text");
        if (Rules.checkText(text).isPresent()) {
            throw new BadBody("\"text\" must be 1 to 2048 UTF-8 bytes and not only whitespace");
        }
        return moderation.notice(room, text).thenApply(outcome -> {
            Audit.record(c.operator(), c.address(), "notice", outcome.name().toLowerCase(), "room", room,
                    "text", text);
            return answer(outcome, room, null);
        });
    }

    private CompletableFuture<Answer> deleteMessage(Call c, String room, long id) {
        return moderation.deleteMessage(room, id).thenApply(outcome -> {
            Audit.record(c.operator(), c.address(), "delete_message", outcome.name().toLowerCase(), "room", room,
                    "id", id);
            return answer(outcome, room, "room " + room + " has no message " + id);
        });
    }

    private CompletableFuture<Answer> close(Call c, String room) throws BadBody {
        String reason = reason(ApiJson.parse(c.body(), Set.of("reason")), "the room was closed by an operator");
        return moderation.close(room, reason).thenApply(outcome -> {
            Audit.record(c.operator(), c.address(), "close", outcome.name().toLowerCase(), "room", room,
                    "reason", reason);
            return answer(outcome, room, null);
        });
    }

    private CompletableFuture<Answer> ban(Call c) throws BadBody {
        Body body = ApiJson.parse(c.body(), Set.of("nick", "address", "room", "duration_s", "reason"));
        String nick = body.string("nick");
        String address = body.string("address");
        if ((nick == null) == (address == null)) {
            throw new BadBody("give exactly one of \"nick\" and \"address\"");
        }
        if (nick != null && Rules.checkNick(nick).isPresent()) {
            throw new BadBody("\"nick\" is not a valid nick");
        }
        String room = body.string("room") == null ? null : room(body.string("room"));
        Long seconds = body.integer("duration_s");
        if (seconds != null && (seconds < 1 || seconds > MAX_BAN_SECONDS)) {
            throw new BadBody("\"duration_s\" must be 1 or more seconds (leave it out for a ban for good)");
        }
        long now = clock.millis();
        Ban ban = new Ban(0, nick, address == null ? null : addressLiteral(address), room, now,
                seconds == null ? null : now + seconds * 1000, reason(body, "banned by an operator"));
        return bans.add(ban).thenApply(stored -> {
            Audit.record(c.operator(), c.address(), "ban", "done", "id", stored.id(), "nick", stored.nick(),
                    "address", stored.address(), "room", stored.room(), "duration_s", seconds,
                    "reason", stored.reason());
            return new Answer(HttpResponseStatus.CREATED, ApiJson.write(g -> writeBan(g, stored)));
        });
    }

    private CompletableFuture<Answer> unban(Call c, long id) {
        return bans.remove(id).thenApply(existed -> {
            Audit.record(c.operator(), c.address(), "unban", existed ? "done" : "no_such_ban", "id", id);
            return existed ? ok() : Answer.error(HttpResponseStatus.NOT_FOUND, "no ban " + id);
        });
    }

    // ---- input ------------------------------------------------------------------------------------------------

    private static String room(String name) throws BadBody {
        if (Rules.checkRoom(name).isPresent()) {
            throw new BadBody("\"" + name + "\" is not a valid room name");
        }
        return name;
    }

    private static long id(String segment) throws BadBody {
        try {
            long id = Long.parseLong(segment);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new BadBody("\"" + segment + "\" is not an id (a whole number above 0)");
    }

    private static String required(Body body, String field) throws BadBody {
        String value = body.string(field);
        if (value == null) {
            throw new BadBody("field \"" + field + "\" is required");
        }
        return value;
    }

    private static String reason(Body body, String otherwise) throws BadBody {
        String reason = body.string("reason");
        if (reason == null || reason.isBlank()) {
            return otherwise;
        }
        if (reason.codePointCount(0, reason.length()) > MAX_REASON_CHARS) {
            throw new BadBody("\"reason\" is longer than " + MAX_REASON_CHARS + " characters");
        }
        return reason;
    }

    /** An IP address literal in its normal form; never a host name (no DNS lookup). */
    private static String addressLiteral(String text) throws BadBody {
        if (IPV4.matcher(text).matches() || IPV6.matcher(text).matches()) {
            try {
                return InetAddress.getByName(text).getHostAddress();
            } catch (UnknownHostException e) {
                // answered below
            }
        }
        throw new BadBody("\"address\" must be an IPv4 or IPv6 address such as 192.0.2.7 or 2001:db8::1");
    }

    // ---- output -----------------------------------------------------------------------------------------------

    private static boolean only(Call c, HttpMethod method) {
        return c.method().equals(method);
    }

    private static CompletableFuture<Answer> notAllowed(String allow) {
        return done(new Answer(HttpResponseStatus.METHOD_NOT_ALLOWED,
                ApiJson.error("this path takes " + allow), allow));
    }

    private static Answer answer(Outcome outcome, String room, String missing) {
        return switch (outcome) {
            case DONE -> ok();
            case NO_SUCH_ROOM -> noRoom(room);
            case NO_SUCH_MEMBER, NO_SUCH_MESSAGE -> Answer.error(HttpResponseStatus.NOT_FOUND, missing);
        };
    }

    private static Answer noRoom(String room) {
        return Answer.error(HttpResponseStatus.NOT_FOUND, "no room " + room + " (a room exists while it has members)");
    }

    private static Answer ok() {
        return new Answer(HttpResponseStatus.OK, ApiJson.write(g -> {
            g.writeStartObject();
            g.writeBooleanField("ok", true);
            g.writeEndObject();
        }));
    }

    private static void writeBans(JsonGenerator g, List<Ban> list) throws IOException {
        g.writeStartObject();
        g.writeArrayFieldStart("bans");
        for (Ban ban : list) {
            writeBan(g, ban);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writeBan(JsonGenerator g, Ban ban) throws IOException {
        g.writeStartObject();
        g.writeNumberField("id", ban.id());
        optional(g, "nick", ban.nick());
        optional(g, "address", ban.address());
        optional(g, "room", ban.room());
        g.writeNumberField("created", ban.createdMillis());
        if (ban.expiresMillis() != null) {
            g.writeNumberField("expires", ban.expiresMillis());
        }
        g.writeStringField("reason", ban.reason());
        g.writeEndObject();
    }

    private static void optional(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    private static CompletableFuture<Answer> done(Answer answer) {
        return CompletableFuture.completedFuture(answer);
    }
}
