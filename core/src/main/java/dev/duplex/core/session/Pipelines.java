package dev.duplex.core.session;

import dev.duplex.core.internal.compat.LecturePipeline;
import dev.duplex.core.internal.transport.DuplexPipeline;
import dev.duplex.core.internal.transport.OverflowPolicy;
import dev.duplex.core.internal.transport.SecurityLayers;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;

/** Chooses the pipeline for a session's {@link WireFormat}. */
final class Pipelines {
    private Pipelines() {
    }

    static void configure(Channel ch, ConnectionSession session, String peerLabel, ChannelHandler sessionHandler) {
        switch (session.wireFormat()) {
            case DUPLEX -> {
                DuplexPipeline.configure(ch, session.config(), OverflowPolicy.REJECT, session.flow(),
                        sessionHandler, SecurityLayers.tlsOnly(session.newTlsLayer()));
                if (session.role() == Role.RELAY_CLIENT) {
                    // What the relay forwards comes from other members: one too large is skipped, not fatal.
                    DuplexPipeline.skipOversizedMedia(ch, session.config().frameLimits());
                }
            }
            case LECTURE_CHAT -> LecturePipeline.configure(ch, LecturePipeline.Format.CHAT, peerLabel, session.config(),
                    session.flow(), sessionHandler);
            case LECTURE_VIDEO -> LecturePipeline.configure(ch, LecturePipeline.Format.VIDEO, peerLabel,
                    session.config(), session.flow(), sessionHandler);
        }
    }
}
