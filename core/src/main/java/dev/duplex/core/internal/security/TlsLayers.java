package dev.duplex.core.internal.security;

import dev.duplex.core.security.Fingerprint;
import dev.duplex.core.security.Identity;
import dev.duplex.core.security.TlsOptions;
import dev.duplex.core.transport.TransportConfig;
import io.netty.channel.ChannelHandler;
import io.netty.handler.ssl.SslContext;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The TLS layers of connections, made from the {@link TlsOptions} an application gave: what the
 * relay and the session builders put first in each pipeline. The accepting side's TLS context (about
 * a second of work) is built once per options object and kept as long as the options are in use.
 */
public final class TlsLayers {
    /** Accepting sides' contexts, by options object (an identity key: TlsOptions has no equals). */
    private static final Map<TlsOptions, SslContext> SERVER_CONTEXTS = Collections.synchronizedMap(new WeakHashMap<>());

    private TlsLayers() {
    }

    /**
     * Builds the accepting side's TLS context now, if it is not built yet: the relay and a listening
     * peer call it when they start, so that the first connection does not spend about a second on it
     * on an event loop that serves other connections too.
     *
     * @throws IllegalStateException if {@code options} have no identity, or TLS cannot be set up with it
     */
    public static void prepareServer(TlsOptions options) {
        serverContext(options);
    }

    /**
     * The TLS layer of one accepted connection (relay, listening peer): refuses plaintext with a
     * sentence, runs the handshake, and starts the rest of the pipeline once the connection is encrypted.
     *
     * @param peerNoun what this side is called in sentences to the other ("relay", "peer")
     * @throws IllegalStateException if {@code options} have no identity
     */
    public static ChannelHandler server(TlsOptions options, TransportConfig config, String peerNoun) {
        return server(options, config, peerNoun, PlaintextAnswer.DUPLEX_ERROR);
    }

    /**
     * The same TLS layer answering a plaintext connection with {@code answer} instead of a duplex
     * ERROR (the relay's web port answers a browser that asked for {@code http://} in HTTP).
     */
    public static ChannelHandler server(TlsOptions options, TransportConfig config, String peerNoun,
                                        PlaintextAnswer answer) {
        return new TlsAcceptHandler(serverContext(options), config.helloTimeout().toMillis(), peerNoun, answer);
    }

    /**
     * The TLS layers of every connection one client session makes to {@code host:port}: handshake,
     * identity check, then the rest of the pipeline starts. An identity trusted "this time only"
     * stays trusted for the session's later connections (its reconnects), so the person is not asked
     * again by the same session; a new session asks again.
     *
     * @param peerNoun what the other side is called in sentences ("relay", "peer")
     */
    public static Supplier<ChannelHandler> client(TlsOptions options, String host, int port, TransportConfig config,
                                                  String peerNoun) {
        AtomicReference<Fingerprint> trustedOnce = new AtomicReference<>();
        long handshakeMillis = config.helloTimeout().toMillis();
        return () -> new TlsConnectHandler(options, TlsContexts.client(new PinningTrustManager(options, peerNoun)), host,
                port, handshakeMillis, peerNoun, trustedOnce);
    }

    /** True once the accepting side's TLS context of {@code options} exists (for tests). */
    static boolean serverContextBuilt(TlsOptions options) {
        return SERVER_CONTEXTS.containsKey(options);
    }

    private static SslContext serverContext(TlsOptions options) {
        Identity identity = options.identity().orElseThrow(() -> new IllegalStateException("TLS on the accepting side "
                + "needs an identity: use TlsOptions.server(Identity.loadOrCreate(dataDirectory))."));
        return SERVER_CONTEXTS.computeIfAbsent(options, o -> TlsContexts.server(identity));
    }
}
