package dev.duplex.core.internal.transport;

import io.netty.channel.ChannelHandler;

/**
 * The optional layers {@link DuplexPipeline} puts around the fixed ones; each may be {@code null}.
 *
 * @param tls       first in the pipeline: TLS (see {@code dev.duplex.core.security.TlsOptions})
 * @param rateLimit before the framer: per-connection rate limits ({@link RateLimitHandler})
 * @param readGate  before the heartbeat: stop reading while the output is stuck ({@link ReadGateHandler})
 * @param access    before the session: a check of HELLO, e.g. room secrets
 */
public record SecurityLayers(ChannelHandler tls, ChannelHandler rateLimit, ChannelHandler readGate,
                             ChannelHandler access) {
    /** Plaintext, no guards: the pipeline as it was before these layers existed. */
    public static final SecurityLayers NONE = new SecurityLayers(null, null, null, null);

    /** Only a TLS layer (or none when {@code tls} is null). */
    public static SecurityLayers tlsOnly(ChannelHandler tls) {
        return new SecurityLayers(tls, null, null, null);
    }
}
