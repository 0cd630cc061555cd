package mychat.server.hub;

import io.netty.channel.EventLoopGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import mychat.protocol.Rules;
import mychat.server.room.Room;

/**
 * Registry of live rooms. A room exists while it has members or a join on its way to it; an empty room retires
 * itself through {@link #retireIfIdle}, and the next join under that name creates a fresh one.
 *
 * <p>Why reservations: without them a join could pick up a room in the instant it retires, and the joiner would
 * end up in a room nobody else can find. {@link #roomForJoin} reserves the room inside the map's atomic
 * {@code compute}; {@link #retireIfIdle} removes it only inside the same key's {@code compute}, and only when it has
 * neither members nor reservations.
 */
public final class Hub {
    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();
    private final EventLoopGroup roomLoops;
    private final Room.Settings settings;

    public Hub(EventLoopGroup roomLoops, Room.Settings settings) {
        this.roomLoops = roomLoops;
        this.settings = settings;
    }

    /**
     * The room called {@code name}, created if needed and reserved for one join: the caller MUST send it exactly
     * one {@code RoomCommand.Join}, which releases the reservation. Any thread.
     */
    public Room roomForJoin(String name) {
        return rooms.compute(name, (key, existing) -> {
            Room room = existing != null ? existing : newRoom(key);
            room.reserve();
            return room;
        });
    }

    /** Releases the reservation of a join that will not be sent after all (its connection closed). */
    public void cancelJoin(Room room) {
        room.unreserve();
        retireIfIdle(room);
    }

    /** Removes {@code room} if it is still registered and idle. Called by the room's own loop when it empties. */
    public void retireIfIdle(Room room) {
        rooms.computeIfPresent(room.name(), (key, current) -> current == room && room.isIdle() ? null : current);
    }

    /** Names of rooms with at least one member, in code point order. Any thread; a moment's snapshot. */
    public List<String> roomNames() {
        List<String> names = new ArrayList<>();
        rooms.forEach((name, room) -> {
            if (room.memberCount() > 0) {
                names.add(name);
            }
        });
        names.sort(Rules.CODE_POINT_ORDER);
        return names;
    }

    /** Members of all rooms, as last published by each room: a moment's snapshot. */
    public int memberCount() {
        int total = 0;
        for (Room room : rooms.values()) {
            total += room.memberCount();
        }
        return total;
    }

    /** Number of registered rooms, including ones whose first join is on its way. */
    public int roomCount() {
        return rooms.size();
    }

    private Room newRoom(String name) {
        return new Room(name, roomLoops.next(), settings, this::retireIfIdle);
    }
}
