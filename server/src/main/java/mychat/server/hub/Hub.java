package mychat.server.hub;

import io.netty.channel.EventLoopGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.Consumer;
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
    private final Supplier<CompletableFuture<List<String>>> sharedRoomNames;

    public Hub(EventLoopGroup roomLoops, Room.Settings settings) {
        this(roomLoops, settings, null);
    }

    /** {@code sharedRoomNames}: in a cluster, the rooms with members on any node. */
    public Hub(EventLoopGroup roomLoops, Room.Settings settings,
               Supplier<CompletableFuture<List<String>>> sharedRoomNames) {
        this.roomLoops = roomLoops;
        this.settings = settings;
        this.sharedRoomNames = sharedRoomNames;
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

    /**
     * Removes {@code room} if it is still registered and idle. Called by the room's own loop when it empties. In a
     * cluster, the node then stops receiving the room's events.
     */
    public void retireIfIdle(Room room) {
        rooms.computeIfPresent(room.name(), (key, current) -> {
            if (current == room && room.isIdle()) {
                if (settings.peers() != null) {
                    settings.peers().release(key); // inside compute: before a successor can subscribe again
                }
                return null;
            }
            return current;
        });
    }

    /** The room registered under {@code name}, or null: where events from other nodes go. */
    public Room find(String name) {
        return rooms.get(name);
    }

    public void forEachRoom(Consumer<Room> action) {
        rooms.values().forEach(action);
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

    /**
     * Rooms with members on any node of the cluster, this node's included, in code point order (alone: {@link
     * #roomNames}).
     */
    public CompletableFuture<List<String>> roomNamesEverywhere() {
        if (sharedRoomNames == null) {
            return CompletableFuture.completedFuture(roomNames());
        }
        return sharedRoomNames.get().thenApply(shared -> {
            TreeSet<String> all = new TreeSet<>(Rules.CODE_POINT_ORDER);
            all.addAll(shared);
            all.addAll(roomNames());
            return List.copyOf(all);
        });
    }

    /** Whether rooms are shared with other nodes (a cluster). */
    public boolean isShared() {
        return sharedRoomNames != null;
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
