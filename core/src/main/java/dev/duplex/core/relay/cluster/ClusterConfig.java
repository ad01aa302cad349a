package dev.duplex.core.relay.cluster;

import dev.duplex.core.internal.Checks;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;

/**
 * How a relay joins a cluster of relays that share their rooms through one Redis
 * ({@code RelayServer.Builder.cluster(ClusterConfig)}): where Redis is, and the bounds and timings of
 * the node. Every bound has a default and is checked when set.
 * <pre>{@code
 * RelayServer.builder().cluster(ClusterConfig.of("redis://10.0.0.7:6379")).build().start();
 * }</pre>
 *
 * @param redis            {@code redis://HOST:PORT} (or {@code rediss://} for TLS to Redis)
 * @param nodeId           this node's name in Redis (default: random); unique per running node
 * @param heartbeat        how often the node tells Redis it lives and looks for dead nodes (default 1 s)
 * @param nodeTimeout      a node silent this long is dead: its members leave the rooms (default 5 s),
 *                         so they are gone from other nodes' lists within {@code nodeTimeout + heartbeat}
 * @param commandTimeout   a Redis command not answered within this fails, and the node is degraded
 *                         until Redis answers again (default 2 s)
 * @param dedupeTtl        how long Redis remembers a (sender session, message id) to recognise a resend
 *                         (default 24 h)
 * @param maxPendingTexts  texts waiting for Redis (in flight, queued, or held while it is out of reach);
 *                         beyond it the relay refuses more (default 10 000)
 * @param maxTextsInFlight texts sent to Redis and not answered yet; the rest queue in the node, so a
 *                         busy Redis is not taken for a lost one when {@code commandTimeout} runs out
 *                         for a text that only waited behind others (default 256)
 * @param maxMediaBacklog  bytes of video this node has handed to Redis and Redis has not taken yet;
 *                         beyond it the node drops video for other nodes (default 4 MiB)
 */
public record ClusterConfig(URI redis, String nodeId, Duration heartbeat, Duration nodeTimeout,
                            Duration commandTimeout, Duration dedupeTtl, int maxPendingTexts, int maxTextsInFlight,
                            int maxMediaBacklog) {

    /**
     * Checks every setting (use {@link #of} and the {@code with...} methods rather than this).
     *
     * @throws IllegalArgumentException with a sentence for a setting that cannot work
     */
    public ClusterConfig {
        Objects.requireNonNull(redis, "redis");
        if (!"redis".equals(redis.getScheme()) && !"rediss".equals(redis.getScheme()) || redis.getHost() == null) {
            throw new IllegalArgumentException("The cluster's Redis must be written redis://HOST:PORT; got '" + redis
                    + "'.");
        }
        Objects.requireNonNull(nodeId, "nodeId");
        if (nodeId.isEmpty() || nodeId.length() > 64 || !nodeId.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("nodeId: '" + nodeId + "' (expected: 1-64 letters, digits, '.', '_', '-')");
        }
        Checks.positive("heartbeat", heartbeat);
        Checks.positive("nodeTimeout", nodeTimeout);
        if (nodeTimeout.compareTo(heartbeat.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("nodeTimeout: " + nodeTimeout + " (expected: at least twice the heartbeat, "
                    + heartbeat + ")");
        }
        Checks.positive("commandTimeout", commandTimeout);
        Checks.positive("dedupeTtl", dedupeTtl);
        Checks.positive("maxPendingTexts", maxPendingTexts);
        Checks.positive("maxTextsInFlight", maxTextsInFlight);
        Checks.positive("maxMediaBacklog", maxMediaBacklog);
    }

    /** The defaults, with Redis at {@code redisUri} ({@code redis://HOST:PORT}). */
    public static ClusterConfig of(String redisUri) {
        Objects.requireNonNull(redisUri, "redisUri");
        URI uri;
        try {
            uri = URI.create(redisUri.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The cluster's Redis must be written redis://HOST:PORT; got '" + redisUri
                    + "'.", e);
        }
        return new ClusterConfig(uri, randomNodeId(), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(2),
                Duration.ofHours(24), 10_000, 256, 4 << 20);
    }

    private static String randomNodeId() {
        byte[] bytes = new byte[6];
        new SecureRandom().nextBytes(bytes);
        return "node-" + HexFormat.of().formatHex(bytes);
    }

    /** The same with this node's name (1-64 letters, digits, '.', '_', '-'), unique per running node. */
    public ClusterConfig withNodeId(String value) {
        return new ClusterConfig(redis, value, heartbeat, nodeTimeout, commandTimeout, dedupeTtl, maxPendingTexts,
                maxTextsInFlight, maxMediaBacklog);
    }

    /** The same with another heartbeat interval and node timeout (at least twice the heartbeat). */
    public ClusterConfig withHeartbeat(Duration value, Duration timeout) {
        return new ClusterConfig(redis, nodeId, value, timeout, commandTimeout, dedupeTtl, maxPendingTexts,
                maxTextsInFlight, maxMediaBacklog);
    }

    /** The same with another time within which Redis must answer a command. */
    public ClusterConfig withCommandTimeout(Duration value) {
        return new ClusterConfig(redis, nodeId, heartbeat, nodeTimeout, value, dedupeTtl, maxPendingTexts,
                maxTextsInFlight, maxMediaBacklog);
    }

    /** The same with another time for which Redis remembers a sent message's id. */
    public ClusterConfig withDedupeTtl(Duration value) {
        return new ClusterConfig(redis, nodeId, heartbeat, nodeTimeout, commandTimeout, value, maxPendingTexts,
                maxTextsInFlight, maxMediaBacklog);
    }

    /** The same with another bound on texts waiting for Redis. */
    public ClusterConfig withMaxPendingTexts(int value) {
        return new ClusterConfig(redis, nodeId, heartbeat, nodeTimeout, commandTimeout, dedupeTtl, value,
                maxTextsInFlight, maxMediaBacklog);
    }

    /** The same with another bound on texts sent to Redis and not answered yet. */
    public ClusterConfig withMaxTextsInFlight(int value) {
        return new ClusterConfig(redis, nodeId, heartbeat, nodeTimeout, commandTimeout, dedupeTtl, maxPendingTexts,
                value, maxMediaBacklog);
    }

    /** The same with another bound, in bytes, on video handed to Redis and not taken yet. */
    public ClusterConfig withMaxMediaBacklog(int value) {
        return new ClusterConfig(redis, nodeId, heartbeat, nodeTimeout, commandTimeout, dedupeTtl, maxPendingTexts,
                maxTextsInFlight, value);
    }

    /** {@code HOST:PORT} of Redis, for sentences. */
    public String redisAddress() {
        return redis.getHost() + ":" + (redis.getPort() > 0 ? redis.getPort() : 6379);
    }
}
