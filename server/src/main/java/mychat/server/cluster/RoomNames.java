package mychat.server.cluster;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The names of rooms with members on any node, for {@code RoomList}: the rooms whose members hash exists (Redis
 * deletes an empty hash). Found with {@code SCAN}, which walks the whole key space, so one scan at a time and its
 * result reused for a second: a burst of {@code ListRooms} costs Redis one scan.
 */
final class RoomNames {
    private static final long FRESH_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final RedisAsyncCommands<String, String> redis;
    private CompletableFuture<List<String>> latest;
    private long latestStarted;

    RoomNames(RedisAsyncCommands<String, String> redis) {
        this.redis = redis;
    }

    synchronized CompletableFuture<List<String>> get() {
        long now = System.nanoTime();
        if (latest != null && (!latest.isDone() || now - latestStarted < FRESH_NANOS
                && !latest.isCompletedExceptionally())) {
            return latest;
        }
        latestStarted = now;
        latest = new CompletableFuture<>();
        scan(ScanCursor.INITIAL, new ArrayList<>(), latest);
        return latest;
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
