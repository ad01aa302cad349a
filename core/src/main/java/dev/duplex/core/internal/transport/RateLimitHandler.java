package dev.duplex.core.internal.transport;

import dev.duplex.core.internal.protocol.FrameType;
import dev.duplex.core.internal.protocol.ProtocolException;
import dev.duplex.core.internal.protocol.Wire;
import dev.duplex.core.protocol.ErrorCode;
import dev.duplex.core.protocol.FrameLimits;
import dev.duplex.core.transport.AbuseLimits;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.function.LongSupplier;

/**
 * Per-connection rate limits, metered on the byte stream just before the framer: it follows the
 * frame boundaries (reading each 6-byte header, skipping the payload it announces, never buffering
 * or allocating), takes one frame token when a header is complete and byte tokens as bytes pass.
 * There is one pair of {@link TokenBucket}s (frames/s, bytes/s) for media (VIDEO and AUDIO) and one
 * for everything else (TEXT and control frames). The first read over a limit is dropped, the connection is told
 * why ({@code ERROR RATE_LIMITED}, through the error handler) and closed; every later read is
 * dropped whole, without being framed. Other connections are not affected. Bad headers are left
 * to the framer, which fails on them. Per-connection state: one instance per channel.
 */
public final class RateLimitHandler extends ChannelInboundHandlerAdapter {
    private final AbuseLimits limits;
    private final GuardTally counters;
    private final LongSupplier nanoClock;
    private final TokenBucket textFrames;
    private final TokenBucket textBytes;
    private final TokenBucket videoFrames;
    private final TokenBucket videoBytes;
    private final byte[] header = new byte[Wire.HEADER_LENGTH];
    private int headerFill;
    private long payloadLeft;
    private boolean inMedia;
    private boolean tripped;

    /** A rate limiter for one connection, or {@code null} when {@code limits} limit no rate. */
    public static RateLimitHandler create(AbuseLimits limits, FrameLimits frameLimits, GuardTally counters) {
        return limits.limitsRates() ? new RateLimitHandler(limits, frameLimits, counters, System::nanoTime) : null;
    }

    RateLimitHandler(AbuseLimits limits, FrameLimits frameLimits, GuardTally counters, LongSupplier nanoClock) {
        this.limits = limits;
        this.counters = counters;
        this.nanoClock = nanoClock;
        long now = nanoClock.getAsLong();
        double burstSeconds = limits.burst().toNanos() / 1e9;
        int largestText = Wire.HEADER_LENGTH + Math.max(frameLimits.maxTextPayload(), frameLimits.maxControlPayload());
        int largestVideo = Wire.HEADER_LENGTH + frameLimits.maxVideoPayload();
        this.textFrames = bucket(limits.textFramesPerSecond(), burstSeconds, 1, now);
        this.textBytes = bucket(limits.textBytesPerSecond(), burstSeconds, largestText, now);
        this.videoFrames = bucket(limits.videoFramesPerSecond(), burstSeconds, 1, now);
        this.videoBytes = bucket(limits.videoBytesPerSecond(), burstSeconds, largestVideo, now);
    }

    private static TokenBucket bucket(int perSecond, double burstSeconds, int atLeast, long now) {
        return perSecond == 0 ? null : new TokenBucket(perSecond, Math.max(atLeast, perSecond * burstSeconds), now);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (tripped) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (!(msg instanceof ByteBuf bytes)) {
            ctx.fireChannelRead(msg);
            return;
        }
        String over = meter(bytes, nanoClock.getAsLong());
        if (over == null) {
            ctx.fireChannelRead(msg);
            return;
        }
        tripped = true;
        ReferenceCountUtil.release(msg);
        counters.limited();
        ctx.fireExceptionCaught(new ProtocolException(ErrorCode.RATE_LIMITED, "You sent more than " + over
                + " per second (the limit, with bursts of " + limits.burst().toMillis() + " ms): the connection is "
                + "closed. Send less often and connect again."));
    }

    /** Walks the frames in {@code in} without consuming it; returns what was exceeded, or null. */
    private String meter(ByteBuf in, long now) {
        int index = in.readerIndex();
        int end = in.writerIndex();
        while (index < end) {
            if (payloadLeft > 0) {
                int n = (int) Math.min(payloadLeft, end - index);
                if (!take(inMedia ? videoBytes : textBytes, n, now)) {
                    return inMedia ? limits.videoBytesPerSecond() + " bytes of video and audio"
                            : limits.textBytesPerSecond() + " bytes of messages";
                }
                payloadLeft -= n;
                index += n;
                continue;
            }
            header[headerFill++] = in.getByte(index++);
            if (headerFill < Wire.HEADER_LENGTH) {
                continue;
            }
            headerFill = 0;
            int type = header[1] & 0xFF;
            inMedia = type == FrameType.VIDEO.code() || type == FrameType.AUDIO.code();
            payloadLeft = ((header[2] & 0xFFL) << 24) | ((header[3] & 0xFFL) << 16) | ((header[4] & 0xFFL) << 8)
                    | (header[5] & 0xFFL);
            if (!take(inMedia ? videoFrames : textFrames, 1, now)) {
                return inMedia ? limits.videoFramesPerSecond() + " video and audio frames"
                        : limits.textFramesPerSecond() + " messages";
            }
            if (!take(inMedia ? videoBytes : textBytes, Wire.HEADER_LENGTH, now)) {
                return inMedia ? limits.videoBytesPerSecond() + " bytes of video and audio"
                        : limits.textBytesPerSecond() + " bytes of messages";
            }
        }
        return null;
    }

    private static boolean take(TokenBucket bucket, double cost, long now) {
        return bucket == null || bucket.tryTake(cost, now);
    }
}
