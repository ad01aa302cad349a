package dev.duplex.core.internal.cluster;

import dev.duplex.core.DuplexException;
import dev.duplex.core.Status;
import dev.duplex.core.relay.cluster.ClusterConfig;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's connections to Redis, on the Redis client's own event loops (never the relay's): one for
 * the text and presence scripts, one for publishing media (so a burst of video never delays a text
 * behind it), and two subscriptions, text and presence news on one and media on the other (so
 * Redis' output buffer limit for a subscriber that falls behind on video can only ever cut the
 * media one). Commands fail at once while a connection is down (they are not queued in the client):
 * the engine holds what must wait, and counts on nothing else to.
 */
final class RedisLink implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisLink.class);
    /** The Redis client's switch for io_uring (read once, when its transports are first looked at). */
    private static final String IO_URING = "io.lettuce.core.iouring";

    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<byte[], byte[]> commands;
    private final StatefulRedisConnection<byte[], byte[]> mediaOut;
    private final StatefulRedisPubSubConnection<byte[], byte[]> textIn;
    private final StatefulRedisPubSubConnection<byte[], byte[]> mediaIn;
    /**
     * The scripts Redis has run for the command connection since it last connected (so it has them
     * cached): forgotten whenever that connection drops, since Redis may have restarted without them.
     */
    private final Set<Script> known = ConcurrentHashMap.newKeySet();

    /** What the link reports: a connection went down or came back, and the messages of the two subscriptions. */
    interface Listener {
        /** The command connection is up ({@code true}) or down. On a Redis client thread. */
        void commandsUp(boolean up);

        /** A subscription connection came back: what was published meanwhile is missed. */
        void subscriptionReconnected();

        /** A message on the text subscription. On a Redis client thread. */
        void textMessage(byte[] channel, byte[] message);

        /** A message on the media subscription. On a Redis client thread. */
        void mediaMessage(byte[] channel, byte[] message);
    }

    private RedisLink(ClientResources resources, RedisClient client, StatefulRedisConnection<byte[], byte[]> commands,
                      StatefulRedisConnection<byte[], byte[]> mediaOut,
                      StatefulRedisPubSubConnection<byte[], byte[]> textIn,
                      StatefulRedisPubSubConnection<byte[], byte[]> mediaIn) {
        this.resources = resources;
        this.client = client;
        this.commands = commands;
        this.mediaOut = mediaOut;
        this.textIn = textIn;
        this.mediaIn = mediaIn;
    }

    /**
     * Connects (blocking: call it when the relay starts, never on an event loop).
     *
     * @throws DuplexException with a sentence if Redis cannot be reached
     */
    static RedisLink connect(ClusterConfig config, Listener listener) {
        if (System.getProperty(IO_URING) == null) {
            // Epoll, like the relay (Netty prefers it too): one transport, and no warning per connection.
            System.setProperty(IO_URING, "false");
        }
        ClientResources resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(1)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
        RedisClient client = RedisClient.create(resources, RedisURI.create(config.redis()));
        client.setOptions(ClientOptions.builder().autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(config.commandTimeout()).keepAlive(true).build())
                .timeoutOptions(TimeoutOptions.enabled(config.commandTimeout())).build());
        try {
            StatefulRedisConnection<byte[], byte[]> commands = client.connect(ByteArrayCodec.INSTANCE);
            StatefulRedisConnection<byte[], byte[]> mediaOut = client.connect(ByteArrayCodec.INSTANCE);
            StatefulRedisPubSubConnection<byte[], byte[]> textIn = client.connectPubSub(ByteArrayCodec.INSTANCE);
            StatefulRedisPubSubConnection<byte[], byte[]> mediaIn = client.connectPubSub(ByteArrayCodec.INSTANCE);
            textIn.addListener(forward(listener::textMessage));
            mediaIn.addListener(forward(listener::mediaMessage));
            RedisLink link = new RedisLink(resources, client, commands, mediaOut, textIn, mediaIn);
            client.addListener(new RedisConnectionStateListener() {
                @Override
                public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                    if (connection == commands) {
                        link.known.clear();
                        listener.commandsUp(true);
                    } else if (connection == textIn) {
                        listener.subscriptionReconnected();
                    }
                }

                @Override
                public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                    if (connection == commands) {
                        link.known.clear();
                        listener.commandsUp(false);
                    }
                }
            });
            return link;
        } catch (RuntimeException e) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            resources.shutdown(0, 2, TimeUnit.SECONDS);
            throw unreachable(config, e);
        }
    }

    /** The sentence for a Redis that cannot be reached, or does not answer, when the relay starts. */
    static DuplexException unreachable(ClusterConfig config, Throwable cause) {
        return new DuplexException(Status.of(Status.Kind.UNAVAILABLE, "Cannot reach the cluster's Redis at "
                + config.redisAddress() + ": " + cause.getMessage() + ". Is redis-server running there?"), cause);
    }

    private static RedisPubSubAdapter<byte[], byte[]> forward(BiConsumer<byte[], byte[]> target) {
        return new RedisPubSubAdapter<>() {
            @Override
            public void message(byte[] channel, byte[] message) {
                target.accept(channel, message);
            }
        };
    }

    /** The text and presence scripts' connection. */
    RedisAsyncCommands<byte[], byte[]> commands() {
        return commands.async();
    }

    /** True if Redis has run {@code script} on the command connection since it last connected. */
    boolean knows(Script script) {
        return known.contains(script);
    }

    void learned(Script script) {
        known.add(script);
    }

    void forget(Script script) {
        known.remove(script);
    }

    /** The connection media is published on. */
    RedisAsyncCommands<byte[], byte[]> mediaOut() {
        return mediaOut.async();
    }

    /** The subscription of text and presence news. */
    StatefulRedisPubSubConnection<byte[], byte[]> textIn() {
        return textIn;
    }

    /** The subscription of media. */
    StatefulRedisPubSubConnection<byte[], byte[]> mediaIn() {
        return mediaIn;
    }

    boolean commandsOpen() {
        return commands.isOpen();
    }

    @Override
    public void close() {
        for (AutoCloseable connection : new AutoCloseable[] {textIn, mediaIn, mediaOut, commands}) {
            try {
                connection.close();
            } catch (Exception e) {
                log.debug("Closing a Redis connection failed", e);
            }
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
