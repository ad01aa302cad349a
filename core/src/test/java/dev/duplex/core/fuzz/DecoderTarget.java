package dev.duplex.core.fuzz;

import dev.duplex.core.internal.protocol.ProtocolException;
import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;
import java.util.function.Supplier;

/**
 * One decoder (or chain of decoders) under fuzz. To fuzz a new decoder, add a target to
 * {@link DecoderTargets#ALL} and regenerate the seed files ({@link FuzzSeeds}).
 */
interface DecoderTarget {
    /** A short name for reports. */
    String name();

    /** Fresh handlers for one input, first to last (per-connection state must be fresh). */
    List<ChannelHandler> newHandlers();

    /** The largest frame the decoders accept, whole; allocations are bounded by a multiple of it. */
    int maxFrameLength();

    /** Valid streams to start mutating from. */
    List<byte[]> seeds();

    /** Checks one decoded message (it is released by the caller afterwards); throws AssertionError on a finding. */
    default void check(Object decoded, BoundedAllocator alloc) {
    }

    /** The failures the decoder documents for bad input; anything else is a finding. */
    default boolean isDocumentedFailure(Throwable t) {
        return t instanceof ProtocolException || t instanceof TooLongFrameException;
    }

    /** A target from its parts. */
    static DecoderTarget of(String name, int maxFrameLength, Supplier<List<ChannelHandler>> handlers,
                            Supplier<List<byte[]>> seeds) {
        return new DecoderTarget() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<ChannelHandler> newHandlers() {
                return handlers.get();
            }

            @Override
            public int maxFrameLength() {
                return maxFrameLength;
            }

            @Override
            public List<byte[]> seeds() {
                return seeds.get();
            }
        };
    }
}
