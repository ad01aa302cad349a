package dev.duplex.core.internal.transport;

import dev.duplex.core.internal.Checks;
import dev.duplex.core.internal.protocol.EncodedFrame;
import dev.duplex.core.internal.protocol.Frame;
import dev.duplex.core.internal.protocol.FrameType;
import dev.duplex.core.internal.protocol.TextFrame;
import dev.duplex.core.internal.protocol.VideoFrame;
import dev.duplex.core.internal.protocol.Wire;
import dev.duplex.core.transport.TransportConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Keeps one connection's outbound memory bounded, whatever the peer's reading speed.
 * <ul>
 *   <li>VIDEO: latest frame wins, per sender. One video frame at a time is on its way into the
 *       socket; while it is (or while the channel is not writable), a new frame from a sender waits in
 *       that sender's slot and replaces the one waiting there (the old is released and counted as
 *       dropped). So on a slow link a connection holds at most one frame being written and one
 *       waiting per sender, not a write buffer full of frames that get older while they wait. For the
 *       same reason the first video frame caps the socket's unsent bytes in the kernel
 *       ({@link TransportConfig#maxUnsentBytes()}): a frame counts as written once the kernel has it,
 *       and without the cap the kernel would take megabytes. Where the receiver reports the frames
 *       it finished ({@link #paceVideoByReceipts}: a relay's member that sends VIDEO_RECEIPTs), a
 *       frame also waits while its {@link ReceiptWindow} is full, so that no queue builds beyond the
 *       socket either, in a router's buffer on a slow link to the receiver.</li>
 *   <li>AUDIO: its own small queue, written before everything else that waits (it overtakes waiting
 *       video and text). It is bounded by age ({@link TransportConfig#maxAudioDelay()}) and count
 *       ({@link TransportConfig#maxQueuedAudio()}): the oldest frames beyond either are dropped and
 *       counted, so voice never falls further behind than the bound here. What was already written
 *       is not overtaken: at most the one video frame in flight, and the kernel's capped unsent bytes.</li>
 *   <li>PING, PONG, ERROR, BYE, VIDEO_RECEIPT: written at once (small, and they must not wait behind
 *       data: a receipt stuck behind this side's video would stall the peer's video).</li>
 *   <li>Everything else (TEXT, PRESENCE, ACK, ...): in order, through a queue bounded by
 *       {@link TransportConfig#maxQueuedMessages()} and {@link TransportConfig#maxQueuedBytes()}.
 *       On overflow the {@link OverflowPolicy} decides: close the connection, or fail that write.</li>
 * </ul>
 * The queues and the video slots exist only while something waits: a connection that keeps up (most
 * of them, and every idle one) holds neither. Per-connection state: one instance per channel.
 */
public final class BackpressureHandler extends ChannelDuplexHandler {
    /** Failure of a frame's write promise when a newer frame of the same sender replaced it. */
    public static final RuntimeException SUPERSEDED = new RuntimeException(
            "video frame superseded by a newer frame before it could be written", null, false, false) { };
    /** Failure of an audio frame's write promise when it waited too long, or newer ones pushed it out. */
    public static final RuntimeException AUDIO_STALE = new RuntimeException(
            "audio frame dropped: it waited longer than the audio delay bound", null, false, false) { };
    private static final ClosedChannelException CLOSED = new ClosedChannelException();

    /** The limits, read where they are checked: one reference per connection instead of a copy of each. */
    private final TransportConfig config;
    private final OverflowPolicy overflowPolicy;
    private final FlowCounters counters;
    private final LongSupplier nanoClock;
    /**
     * Made with the first video frame written, when the socket's unsent bytes are capped too: a
     * connection without video needs neither.
     */
    private ChannelFutureListener videoWritten;
    private ChannelHandlerContext ctx;
    /** A video frame is on its way into the socket; the next one waits in {@code latestVideo}. */
    private boolean videoInFlight;
    /** Set by {@link #paceVideoByReceipts}: the receiver's round trips; null while video is not paced by receipts. */
    private LinkStats receiptLink;
    private int receiptWindowSize;
    /** Made with the first video frame forwarded while paced by receipts. */
    private ReceiptWindow receipts;
    /** The one check for the stall rule's end, while a frame waits for a receipt. */
    private ScheduledFuture<?> receiptStallCheck;

    /**
     * Bounded by maxQueuedMessages and maxQueuedBytes, checked in offerOrdered before each add;
     * null while empty.
     */
    private ArrayDeque<Pending> queue;
    /** Bounded by maxVideoStreams, checked in offerVideo; null while empty. */
    private Map<String, Pending> latestVideo;
    /** Bounded by maxQueuedAudio and maxAudioDelayNanos, checked in offerAudio and drain; null while empty. */
    private ArrayDeque<WaitingAudio> audio;
    private int queuedBytes;
    /** Frames in {@code queue}: a relay's run of small frames ({@link LoopWriter}) is one entry of several. */
    private int queuedFrames;

    public BackpressureHandler(TransportConfig config, OverflowPolicy overflowPolicy, FlowCounters counters) {
        this(config, overflowPolicy, counters, System::nanoTime);
    }

    /** With the clock that ages waiting audio ({@code System::nanoTime}, or a test's own). */
    public BackpressureHandler(TransportConfig config, OverflowPolicy overflowPolicy, FlowCounters counters,
                               LongSupplier nanoClock) {
        this.config = config;
        this.overflowPolicy = overflowPolicy;
        this.counters = counters;
        this.nanoClock = nanoClock;
    }

    private record Pending(Object msg, ChannelPromise promise, int bytes) {
    }

    /** An audio frame waiting since {@code sinceNanos} (the handler's clock). */
    private record WaitingAudio(Object msg, ChannelPromise promise, long sinceNanos) {
    }

    /** Frames waiting in the text queue now. */
    public int queuedMessages() {
        return queuedFrames;
    }

    /** Video senders with a frame waiting now. */
    public int pendingVideoFrames() {
        return latestVideo == null ? 0 : latestVideo.size();
    }

    /** Audio frames waiting now. */
    public int queuedAudioFrames() {
        return audio == null ? 0 : audio.size();
    }

    /** True while the queue, the audio queue or the video slots exist (only while something waits). */
    boolean holdsWaitingRoom() {
        return queue != null || latestVideo != null || audio != null;
    }

    /**
     * Paces video by the receiver's VIDEO_RECEIPTs from now on: at most {@code window} frames
     * forwarded a round trip ago (by {@code link}'s heartbeats) and not reported finished (see
     * {@link ReceiptWindow}). On the event loop.
     */
    public void paceVideoByReceipts(int window, LinkStats link) {
        Checks.positive("window", window);
        this.receiptWindowSize = window;
        this.receiptLink = link;
    }

    /** Frames forwarded and not yet reported finished by the receiver (0 unless paced by receipts). */
    public int unfinishedVideoFrames() {
        return receipts == null ? 0 : receipts.unfinished();
    }

    /** The receiver finished with {@code sender}'s frames up to {@code sequence}: a waiting frame may go. On the event loop. */
    public void receipt(String sender, long sequence) {
        if (receipts != null && receipts.finished(sender, sequence, nanoClock.getAsLong()) && latestVideo != null) {
            drain(ctx);
            ctx.flush();
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        FrameType type = typeOf(msg);
        if (type == null || isUrgent(type)) {
            ctx.write(msg, promise);
        } else if (type == FrameType.VIDEO) {
            offerVideo(ctx, msg, promise);
        } else if (type == FrameType.AUDIO) {
            offerAudio(ctx, msg, promise);
        } else {
            offerOrdered(ctx, msg, promise);
        }
    }

    private void offerVideo(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (audio == null && queue == null && latestVideo == null && videoMayGo(ctx)) {
            writeVideo(ctx, msg, promise);
            return;
        }
        if (latestVideo == null) {
            latestVideo = new LinkedHashMap<>();
        }
        String sender = videoSender(msg);
        Pending replaced = latestVideo.remove(sender);
        if (replaced != null) {
            drop(replaced);
        } else if (latestVideo.size() >= config.maxVideoStreams()) {
            drop(new Pending(msg, promise, 0));
            return;
        }
        latestVideo.put(sender, new Pending(msg, promise, 0));
        drain(ctx);
    }

    private void offerAudio(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (audio == null && ctx.channel().isWritable()) {
            ctx.write(msg, promise);
            return;
        }
        long now = nanoClock.getAsLong();
        dropStaleAudio(now);
        if (audio != null && audio.size() >= config.maxQueuedAudio()) {
            dropAudio(audio.poll());
        }
        if (audio == null) {
            audio = new ArrayDeque<>();
        }
        audio.add(new WaitingAudio(msg, promise, now));
        drain(ctx);
    }

    /** Drops waiting audio older than the delay bound, oldest first. */
    private void dropStaleAudio(long now) {
        long maxAudioDelayNanos = config.maxAudioDelay().toNanos();
        while (audio != null && now - audio.peek().sinceNanos() > maxAudioDelayNanos) {
            dropAudio(audio.poll());
        }
    }

    private void dropAudio(WaitingAudio p) {
        if (audio.isEmpty()) {
            audio = null;
        }
        counters.audioDropped(1);
        ReferenceCountUtil.release(p.msg);
        fail(p.promise, AUDIO_STALE);
    }

    private void offerOrdered(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (audio == null && queue == null && ctx.channel().isWritable()) {
            ctx.write(msg, promise);
            return;
        }
        int queued = queuedFrames;
        int bytes = sizeOf(msg);
        int frames = framesOf(msg);
        int maxQueuedMessages = config.maxQueuedMessages();
        int maxQueuedBytes = config.maxQueuedBytes();
        if (queued + (long) frames > maxQueuedMessages || queuedBytes + (long) bytes > maxQueuedBytes) {
            counters.overflow();
            ReferenceCountUtil.release(msg);
            SlowConsumerException cause = new SlowConsumerException("Outbound queue full (" + queued
                    + " frames, " + queuedBytes + " bytes; limits " + maxQueuedMessages + " frames, "
                    + maxQueuedBytes + " bytes): the peer is not reading fast enough.");
            fail(promise, cause);
            if (overflowPolicy == OverflowPolicy.DISCONNECT) {
                ctx.fireExceptionCaught(cause);
            }
            return;
        }
        counters.messageQueued();
        if (queue == null) {
            queue = new ArrayDeque<>();
        }
        queue.add(new Pending(msg, promise, bytes));
        queuedBytes += bytes;
        queuedFrames += frames;
        if (audio != null) {
            drain(ctx); // waiting audio goes first, then this (the channel may be writable again already)
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            drain(ctx);
            ctx.flush();
        }
        ctx.fireChannelWritabilityChanged();
    }

    /**
     * Writes waiting frames while the channel stays writable: audio first (what waited too long is
     * dropped instead), then the ordered queue, then video.
     */
    private void drain(ChannelHandlerContext ctx) {
        // The fields are re-read at each step: a write may call back into this handler.
        if (audio != null && ctx.channel().isWritable()) {
            dropStaleAudio(nanoClock.getAsLong());
        }
        while (audio != null && ctx.channel().isWritable()) {
            WaitingAudio next = audio.poll();
            if (audio.isEmpty()) {
                audio = null;
            }
            ctx.write(next.msg, next.promise);
        }
        while (audio == null && queue != null && ctx.channel().isWritable()) {
            Pending next = queue.poll();
            if (queue.isEmpty()) {
                queue = null;
            }
            queuedBytes -= next.bytes;
            queuedFrames -= framesOf(next.msg);
            ctx.write(next.msg, next.promise);
        }
        while (audio == null && queue == null && latestVideo != null && videoMayGo(ctx)) {
            Iterator<Pending> videos = latestVideo.values().iterator();
            Pending next = videos.next();
            videos.remove();
            if (latestVideo.isEmpty()) {
                latestVideo = null;
            }
            writeVideo(ctx, next.msg, next.promise);
        }
    }

    /**
     * No video frame on its way into the socket, the channel writable, and where video is paced by
     * receipts, the window open; if only the window is closed, a check is scheduled for the moment
     * its stall rule opens it (a receipt opens it before).
     */
    private boolean videoMayGo(ChannelHandlerContext ctx) {
        if (videoInFlight || !ctx.channel().isWritable()) {
            return false;
        }
        if (receipts == null || receipts.open(nanoClock.getAsLong(), receiptPathNanos())) {
            return true;
        }
        if (receiptStallCheck == null) {
            long wait = Math.max(0, receipts.stallEndsNanos() - nanoClock.getAsLong());
            receiptStallCheck = ctx.executor().schedule(() -> {
                receiptStallCheck = null;
                if (latestVideo != null && ctx.channel().isActive()) {
                    drain(ctx);
                    ctx.flush();
                }
            }, wait, TimeUnit.NANOSECONDS);
        }
        return false;
    }

    /** How long a frame's receipt cannot be back yet (0 while the round trip is unknown). */
    private long receiptPathNanos() {
        return TimeUnit.MICROSECONDS.toNanos(Math.max(0, receiptLink.receiptDelayMicros()));
    }

    private void writeVideo(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (videoWritten == null) {
            UnsentBytes.cap(ctx.channel(), config.maxUnsentBytes());
            videoWritten = this::videoWritten;
        }
        if (receiptLink != null) {
            long now = nanoClock.getAsLong();
            if (receipts == null) {
                receipts = new ReceiptWindow(receiptWindowSize, ReceiptWindow.STALL_NANOS, now);
            }
            receipts.forwarded(videoSender(msg), videoSequence(msg), sizeOf(msg), now, receiptPathNanos());
        }
        videoInFlight = true;
        // A void promise cannot tell when the frame is in the socket: track it with one of our own.
        ChannelPromise tracked = promise.isVoid() ? ctx.newPromise() : promise;
        tracked.addListener(videoWritten);
        ctx.write(msg, tracked);
    }

    /** The frame in flight is in the socket (or failed): the next waiting one may go. */
    private void videoWritten(ChannelFuture future) {
        videoInFlight = false;
        if (latestVideo != null && ctx.channel().isActive()) {
            drain(ctx);
            ctx.flush();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseAll();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseAll();
    }

    private void releaseAll() {
        if (receiptStallCheck != null) {
            receiptStallCheck.cancel(false);
            receiptStallCheck = null;
        }
        if (queue != null) {
            for (Pending p : queue) {
                ReferenceCountUtil.release(p.msg);
                fail(p.promise, CLOSED);
            }
            queue = null;
        }
        queuedBytes = 0;
        queuedFrames = 0;
        if (latestVideo != null) {
            for (Pending p : latestVideo.values()) {
                ReferenceCountUtil.release(p.msg);
                fail(p.promise, CLOSED);
            }
            latestVideo = null;
        }
        if (audio != null) {
            for (WaitingAudio p : audio) {
                ReferenceCountUtil.release(p.msg);
                fail(p.promise, CLOSED);
            }
            audio = null;
        }
    }

    private void drop(Pending p) {
        counters.videoDropped(1);
        ReferenceCountUtil.release(p.msg);
        fail(p.promise, SUPERSEDED);
    }

    /** Fails a write's promise; a void promise would turn that into a pipeline exception, so not those. */
    private static void fail(ChannelPromise promise, Throwable cause) {
        if (!promise.isVoid()) {
            promise.tryFailure(cause);
        }
    }

    private static boolean isUrgent(FrameType type) {
        return type == FrameType.PING || type == FrameType.PONG || type == FrameType.ERROR || type == FrameType.BYE
                || type == FrameType.VIDEO_RECEIPT;
    }

    /** Frames in {@code msg}: more than one in a relay's run of small frames. */
    private static int framesOf(Object msg) {
        return msg instanceof EncodedFrame encoded ? encoded.frames() : 1;
    }

    private static FrameType typeOf(Object msg) {
        if (msg instanceof EncodedFrame encoded) { // first: a fan-out's copy, the most frequent write
            return encoded.frameType();
        }
        if (msg instanceof Frame frame) {
            return frame.type();
        }
        return null;
    }

    private static String videoSender(Object msg) {
        return msg instanceof VideoFrame v ? v.sender() : ((EncodedFrame) msg).videoSender();
    }

    private static long videoSequence(Object msg) {
        if (msg instanceof VideoFrame v) {
            return v.sequence();
        }
        ByteBuf bytes = ((EncodedFrame) msg).content();
        return bytes.getLong(bytes.readerIndex() + Wire.HEADER_LENGTH); // VIDEO's first field
    }

    private static int sizeOf(Object msg) {
        if (msg instanceof EncodedFrame encoded) {
            return encoded.content().readableBytes();
        }
        if (msg instanceof TextFrame text) {
            return 64 + ByteBufUtil.utf8Bytes(text.body());
        }
        if (msg instanceof VideoFrame video) {
            return 64 + video.jpeg().readableBytes();
        }
        return 64;
    }
}
