package dev.duplex.core.internal.cluster;

import dev.duplex.core.internal.Digests;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One of the cluster's Lua scripts (a resource beside this class), sent whole until the link's
 * command connection has seen Redis run it (after a connect or a reconnect), then run by its SHA-1.
 */
final class Script {
    static final Script APPEND = load("append.lua");
    static final Script PAGE = load("page.lua");
    static final Script CLAIM = load("claim.lua");
    static final Script RELEASE = load("release.lua");
    static final Script HEARTBEAT = load("heartbeat.lua");
    static final Script POSITIONS = load("positions.lua");

    private final String name;
    private final byte[] source;
    private final String sha;

    private Script(String name, byte[] source) {
        this.name = name;
        this.source = source;
        this.sha = HexFormat.of().formatHex(Digests.sha1(source));
    }

    private static Script load(String name) {
        try (InputStream in = Script.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("The cluster script " + name + " is missing from the jar.");
            }
            return new Script(name, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the cluster script " + name, e);
        }
    }

    /**
     * Runs the script on the link's command connection; completes with its reply (a list of byte
     * arrays and longs), on a Redis client thread. Until that connection has seen Redis run it, the
     * script is sent whole: a NOSCRIPT answer and a retry would let the commands sent meanwhile (the
     * next texts of a burst) be run before this one, and be stored before it.
     */
    CompletionStage<List<Object>> run(RedisLink link, byte[][] keys, byte[]... args) {
        RedisAsyncCommands<byte[], byte[]> redis = link.commands();
        if (!link.knows(this)) {
            return redis.<List<Object>>eval(source, ScriptOutputType.MULTI, keys, args).thenApply(reply -> {
                link.learned(this);
                return reply;
            });
        }
        CompletableFuture<List<Object>> result = new CompletableFuture<>();
        redis.<List<Object>>evalsha(sha, ScriptOutputType.MULTI, keys, args).whenComplete((reply, failure) -> {
            if (failure == null) {
                result.complete(reply);
            } else if (failure instanceof RedisNoScriptException
                    || failure.getCause() instanceof RedisNoScriptException) {
                // Redis forgot it without dropping the connection (SCRIPT FLUSH): the rare case where
                // order is not kept; the next commands send it whole again.
                link.forget(this);
                redis.<List<Object>>eval(source, ScriptOutputType.MULTI, keys, args).whenComplete((again, error) -> {
                    if (error == null) {
                        result.complete(again);
                    } else {
                        result.completeExceptionally(error);
                    }
                });
            } else {
                result.completeExceptionally(failure);
            }
        });
        return result;
    }

    @Override
    public String toString() {
        return name;
    }

    /** UTF-8 bytes of a key or an argument. */
    static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] bytes(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }

    /** A reply element as a long (Redis integers, or digits in a bulk string). */
    static long number(Object element) {
        if (element instanceof Long l) {
            return l;
        }
        return Long.parseLong(new String((byte[]) element, StandardCharsets.US_ASCII));
    }

    static String text(Object element) {
        return element instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(element);
    }
}
