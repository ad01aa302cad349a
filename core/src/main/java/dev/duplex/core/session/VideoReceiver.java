package dev.duplex.core.session;

import dev.duplex.core.Status;
import dev.duplex.core.internal.protocol.Frame;
import dev.duplex.core.internal.protocol.VideoFrame;
import dev.duplex.core.internal.protocol.VideoReceipt;
import dev.duplex.core.internal.transport.LinkStats;
import dev.duplex.core.transport.Clock;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The receiving half of video: hands each frame to the listener (a copy of its JPEG, its capture
 * time moved to this machine's clock by the heartbeat's offset estimate), and where video flow
 * control is on, tells the sender which frames the application finished with: receipts from any
 * thread coalesce into one write task at a time, the highest sequence winning.
 */
final class VideoReceiver implements MediaStream {
    private final EventLoop loop;
    private final Lifecycle lifecycle;
    private final Participants names;
    private final SessionCounters counters;
    private final Events events;
    /** Whether the current connection's peer wants receipts (and sends them). */
    private volatile boolean receiptsToPeer;
    /** The highest sequence the application finished with, not yet sent as a receipt. */
    private final AtomicLong receiptPending = new AtomicLong();
    private final AtomicBoolean receiptScheduled = new AtomicBoolean();
    // Confined to the loop.
    private Channel channel;
    private LinkStats link = new LinkStats();
    private long receiptSent;
    private long highestReceived;
    private String videoPeer = "";

    VideoReceiver(EventLoop loop, Lifecycle lifecycle, Participants names, SessionCounters counters, Events events) {
        this.loop = loop;
        this.lifecycle = lifecycle;
        this.names = names;
        this.counters = counters;
        this.events = events;
    }

    @Override
    public void connected(Connection connection) {
        assert loop.inEventLoop();
        channel = connection.channel();
        link = connection.link();
        receiptsToPeer = connection.videoReceipts();
        receiptSent = 0;
        highestReceived = 0;
        receiptPending.set(0);
    }

    @Override
    public void disconnected() {
        assert loop.inEventLoop();
        channel = null;
    }

    @Override
    public boolean read(Frame frame) {
        assert loop.inEventLoop();
        if (!(frame instanceof VideoFrame video)) {
            return false;
        }
        highestReceived = Math.max(highestReceived, video.sequence());
        videoPeer = video.sender();
        byte[] jpeg = ByteBufUtil.getBytes(video.jpeg());
        counters.videoReceived(jpeg.length);
        long localCapture = video.captureTimeMicros() - link.clockOffsetMicros();
        events.video(new VideoMessage(names.senderOf(video.sender()), video.sequence(), localCapture, video.width(),
                video.height(), jpeg, Clock.nowMicros()));
        return true;
    }

    /** The application finished with {@code frame} (any thread): a receipt, when the peer asked for them. */
    void finished(VideoMessage frame) {
        if (!receiptsToPeer) {
            return;
        }
        receiptPending.accumulateAndGet(frame.sequence(), Math::max);
        // One write task at a time: receipts coalesce while the loop is busy (the highest one counts).
        if (receiptScheduled.compareAndSet(false, true)) {
            lifecycle.runOnLoop(this::writeReceipt);
        }
    }

    private void writeReceipt() {
        assert loop.inEventLoop();
        receiptScheduled.set(false);
        Channel ch = channel;
        // Never beyond what this connection delivered: a late report about an earlier peer's frame is ignored.
        long sequence = Math.min(receiptPending.get(), highestReceived);
        if (ch == null || !receiptsToPeer || sequence <= receiptSent) {
            return;
        }
        receiptSent = sequence;
        ch.writeAndFlush(new VideoReceipt(sequence, videoPeer), ch.voidPromise());
    }

    @Override
    public void closed(Status reason) {
        // Nothing held: each frame was copied out for the listener.
    }
}
