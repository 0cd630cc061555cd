package mychat.server.cluster;

import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The names of rooms with members on any node, for {@code RoomList}: the rooms whose members hash exists (Redis
 * deletes an empty hash). Found with {@code SCAN}, which walks the whole key space, so one scan runs at a time:
 * requests that come while one runs share the next, which starts when it ends. Each answer comes from a scan that
 * began after the request, so it reflects every change sent to Redis before it (a {@code Leave} just before
 * {@code ListRooms}, say).
 */
final class RoomNames {
    private final RedisAsyncCommands<String, String> redis;
    /** Guarded by this. */
    private CompletableFuture<List<String>> running;
    private CompletableFuture<List<String>> next;

    RoomNames(RedisAsyncCommands<String, String> redis) {
        this.redis = redis;
    }

    synchronized CompletableFuture<List<String>> get() {
        if (running == null) {
            CompletableFuture<List<String>> scan = new CompletableFuture<>();
            running = scan;
            launch(scan); // may finish at once, and clear running
            return scan;
        }
        if (next == null) {
            next = new CompletableFuture<>();
        }
        return next;
    }

    /** Starts a scan into {@code result}, the running one; when it ends, the next starts if anyone waits for it. */
    private void launch(CompletableFuture<List<String>> result) {
        scan(ScanCursor.INITIAL, new ArrayList<>(), result);
        result.whenComplete((names, error) -> finished());
    }

    private synchronized void finished() {
        CompletableFuture<List<String>> waiting = next;
        next = null;
        running = waiting;
        if (waiting != null) {
            launch(waiting);
        }
    }

    private void scan(ScanCursor cursor, List<String> names, CompletableFuture<List<String>> result) {
        redis.scan(cursor, ScanArgs.Builder.matches("chat:{*}:members").limit(1000)).whenComplete((page, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
                return;
            }
            for (String key : page.getKeys()) {
                String room = RoomKeys.roomOfMembersKey(key);
                if (room != null) {
                    names.add(room);
                }
            }
            if (page.isFinished()) {
                result.complete(names);
            } else {
                scan(page, names, result);
            }
        });
    }
}
