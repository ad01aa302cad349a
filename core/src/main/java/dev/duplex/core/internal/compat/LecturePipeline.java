package dev.duplex.core.internal.compat;

import dev.duplex.core.internal.transport.BackpressureHandler;
import dev.duplex.core.internal.transport.DuplexPipeline;
import dev.duplex.core.internal.transport.FlowCounters;
import dev.duplex.core.internal.transport.OverflowPolicy;
import dev.duplex.core.transport.TransportConfig;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.flush.FlushConsolidationHandler;

/**
 * Assembles a pipeline that speaks one of the lecture's wire formats, with the same backpressure and
 * session layers as the duplex pipeline (no handshake and no heartbeats: the format has neither):
 * <pre>
 *   flush        FlushConsolidationHandler
 *   decoder      LectureVideoDecoder / LectureChatDecoder   (bytes -> VideoFrame / TextFrame)
 *   encoder      LectureVideoEncoder / LectureChatEncoder   (VideoFrame / TextFrame -> bytes)
 *   backpressure BackpressureHandler                        (latest video wins, bounded text)
 *   session      the role's own handler
 *   errors       LectureErrorHandler                        (log + close; no error frame exists)
 * </pre>
 */
public final class LecturePipeline {
    private LecturePipeline() {
    }

    /** The lecture's formats. */
    public enum Format { CHAT, VIDEO }

    public static void configure(Channel channel, Format format, String peerLabel, TransportConfig config,
                                 FlowCounters counters, ChannelHandler sessionHandler) {
        ChannelPipeline p = channel.pipeline();
        p.addLast(DuplexPipeline.FLUSH, new FlushConsolidationHandler(256, true));
        if (format == Format.VIDEO) {
            p.addLast(DuplexPipeline.DECODER, new LectureVideoDecoder(config.frameLimits().maxVideoPayload(), peerLabel));
            p.addLast(DuplexPipeline.ENCODER, LectureVideoEncoder.INSTANCE);
        } else {
            p.addLast(DuplexPipeline.DECODER, new LectureChatDecoder(config.frameLimits().maxTextPayload(), peerLabel));
            p.addLast(DuplexPipeline.ENCODER, LectureChatEncoder.INSTANCE);
        }
        p.addLast(DuplexPipeline.BACKPRESSURE, new BackpressureHandler(config, OverflowPolicy.REJECT, counters));
        p.addLast(DuplexPipeline.SESSION, sessionHandler);
        p.addLast(DuplexPipeline.ERRORS, LectureErrorHandler.INSTANCE);
    }
}
