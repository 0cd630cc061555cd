package mychat.server.cluster;

import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Lua scripts that change shared state, each run atomically by Redis. Each is {@code lib.lua} followed by its
 * own file, from {@code /cluster/} on the class path. Sent by digest ({@code EVALSHA}); a Redis that does not know
 * the script yet (first use, or restarted) gets its text once ({@code EVAL}).
 */
enum Scripts {
    ENTER("enter"), EXIT("exit"), SAY("say"), SNAPSHOT("snapshot"), READ("read"), REAP("reap"), BEAT("beat"),
    BURY("bury");

    private final String text;
    private final String digest;

    Scripts(String name) {
        this.text = read("lib") + "\n" + read(name);
        this.digest = sha1(text);
    }

    /** Runs the script; the future fails with Lettuce's exception when Redis cannot be reached in time. */
    <T> CompletableFuture<T> run(RedisAsyncCommands<String, String> redis, String[] keys, String... args) {
        CompletableFuture<T> result = new CompletableFuture<>();
        redis.<T>evalsha(digest, ScriptOutputType.MULTI, keys, args).whenComplete((value, error) -> {
            if (error instanceof RedisNoScriptException) {
                redis.<T>eval(text, ScriptOutputType.MULTI, keys, args).whenComplete((v, e) -> {
                    if (e != null) {
                        result.completeExceptionally(e);
                    } else {
                        result.complete(v);
                    }
                });
            } else if (error != null) {
                result.completeExceptionally(error);
            } else {
                result.complete(value);
            }
        });
        return result;
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

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
