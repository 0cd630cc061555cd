package mychat.server.cluster;

import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Lua functions that change shared state, each run atomically by Redis. They form one Redis function library
 * ({@link #LIBRARY}): {@code lib.lua} and then each function's body from {@code /cluster/<name>.lua} on the class
 * path. Functions, unlike cached scripts, are part of Redis' data: they survive a Redis restart with its data and
 * {@code SCRIPT FLUSH}, so a command is never answered "unknown script" and sent again behind later ones (which
 * would reorder a sender's messages). A Redis that lost its data has lost them too: the node loads the library at
 * start and again when a call finds it missing (that call fails, like any while Redis is unusable). The library's
 * name carries its version, so nodes of different versions can share a Redis during an upgrade.
 */
enum Scripts {
    ENTER("enter"), EXIT("exit"), SAY("say"), SNAPSHOT("snapshot"), READ("read"), REAP("reap"), BEAT("beat"),
    BURY("bury"), MODERATE("moderate");

    static final String LIBRARY_NAME = "mychat_v2";
    /** The library's source, for {@code FUNCTION LOAD REPLACE}. */
    static final String LIBRARY = library();

    /** A reload of the library is on its way to Redis. */
    private static final java.util.concurrent.atomic.AtomicBoolean RELOADING =
            new java.util.concurrent.atomic.AtomicBoolean();

    private final String file;
    private final String function;

    Scripts(String file) {
        this.file = file;
        this.function = LIBRARY_NAME + "_" + file;
    }

    /** The function's name in Redis. */
    String function() {
        return function;
    }

    /** Runs the function; the future fails with Lettuce's exception when Redis cannot be reached in time. */
    <T> CompletableFuture<T> run(RedisAsyncCommands<String, String> redis, String[] keys, String... args) {
        CompletableFuture<T> result = new CompletableFuture<>();
        redis.<T>fcall(function, ScriptOutputType.MULTI, keys, args).whenComplete((value, error) -> {
            if (error != null) {
                if (error.getMessage() != null && error.getMessage().contains("Function not found")) {
                    reload(redis); // Redis lost its data: this call fails, later ones find the library again
                }
                result.completeExceptionally(error);
            } else {
                result.complete(value);
            }
        });
        return result;
    }

    /**
     * Loads the library again, once for all the calls that found it missing together: a call already queued behind
     * a load fails anyway, and compiling the library for each would hold Redis up.
     */
    private static void reload(RedisAsyncCommands<String, String> redis) {
        if (RELOADING.compareAndSet(false, true)) {
            load(redis).whenComplete((ok, error) -> RELOADING.set(false));
        }
    }

    /** Loads (or replaces) the library. */
    static CompletableFuture<String> load(RedisAsyncCommands<String, String> redis) {
        return redis.functionLoad(LIBRARY, true).toCompletableFuture();
    }

    /** Runs the script and waits for it (the heartbeat's thread): at most two seconds. */
    <T> T runSync(RedisAsyncCommands<String, String> redis, String[] keys, String... args) {
        try {
            return this.<T>run(redis, keys, args).get(2, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new RedisException(e.getCause());
        } catch (TimeoutException e) {
            throw new RedisCommandTimeoutException("script " + name() + " timed out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisException(e);
        }
    }

    private static String read(String name) {
        try (InputStream in = Scripts.class.getResourceAsStream("/cluster/" + name + ".lua")) {
            if (in == null) {
                throw new IllegalStateException("missing script /cluster/" + name + ".lua");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String library() {
        StringBuilder text = new StringBuilder("#!lua name=").append(LIBRARY_NAME).append('\n').append(read("lib"));
        for (Scripts script : values()) {
            text.append("\nredis.register_function('").append(LIBRARY_NAME).append('_').append(script.file)
                    .append("', function(KEYS, ARGV)\n").append(read(script.file)).append("\nend)\n");
        }
        return text.toString();
    }
}
