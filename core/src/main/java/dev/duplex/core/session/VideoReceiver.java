package dev.duplex.core.session;

import dev.duplex.core.Status;
import dev.duplex.core.internal.protocol.Frame;
import dev.duplex.core.internal.protocol.Hello;
import dev.duplex.core.internal.protocol.VideoFrame;
import dev.duplex.core.internal.protocol.VideoReceipt;
import dev.duplex.core.internal.transport.LinkStats;
import dev.duplex.core.transport.Clock;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The receiving half of video: hands each frame to the listener (a copy of its JPEG, its capture
 * time moved to this machine's clock by the heartbeat's offset estimate), and where video flow
 * control is on, tells the sender (or the relay that forwards its frames) which frames the
 * application finished with: receipts from any thread coalesce into one write task at a time, the
 * highest sequence of each sender winning. Receipts waiting to be written are held per sender, and
 * only until that task: as many as senders whose frames the application finished meanwhile.
 */
final class VideoReceiver implements MediaStream {
    private final EventLoop loop;
    private final Lifecycle lifecycle;
    private final Participants names;
    private final SessionCounters counters;
    private final Events events;
    /** Whether the current connection's peer (a direct peer or a relay) wants receipts. */
    private volatile boolean receiptsToPeer;
    /**
     * Per sender (as the application was told, {@link VideoMessage#sender()}), the highest sequence
     * the application finished with, not yet sent as a receipt. Emptied by each write task.
     */
    private final ConcurrentHashMap<String, Long> receiptPending = new ConcurrentHashMap<>();
    private final AtomicBoolean receiptScheduled = new AtomicBoolean();
    // Confined to the loop.
    private Channel channel;
    private LinkStats link = new LinkStats();
    /** In direct mode: the highest receipt sent and frame received (the one peer's). */
    private long receiptSent;
    private long highestReceived;
    private String videoPeer = "";
    /** Frames name their sender (relay mode): each receipt names the sender as its frames did. */
    private boolean framesNameTheSender;

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
        receiptsToPeer = connection.receiptsToPeer();
        framesNameTheSender = connection.peerHas(Hello.CAP_RELAY_RECEIPTS);
        receiptSent = 0;
        highestReceived = 0;
        receiptPending.clear();
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
        receiptPending.merge(frame.sender(), frame.sequence(), Math::max);
        // One write task at a time: receipts coalesce while the loop is busy (the highest one counts).
        if (receiptScheduled.compareAndSet(false, true)) {
            lifecycle.runOnLoop(this::writeReceipts);
        }
    }

    private void writeReceipts() {
        assert loop.inEventLoop();
        receiptScheduled.set(false); // before taking them: a receipt added from now on schedules another task
        Channel ch = channel;
        boolean wrote = false;
        for (String sender : receiptPending.keySet()) {
            Long finished = receiptPending.remove(sender);
            if (finished != null && ch != null && receiptsToPeer) {
                wrote |= writeReceipt(ch, sender, finished);
            }
        }
        if (wrote) {
            ch.flush();
        }
    }

    /** Writes one receipt unless it says nothing new; returns true if it did. */
    private boolean writeReceipt(Channel ch, String sender, long finished) {
        if (framesNameTheSender) {
            // To a relay, which ignores what it did not forward.
            ch.write(new VideoReceipt(finished, sender), ch.voidPromise());
            return true;
        }
        // Never beyond what this connection delivered: a late report about an earlier peer's frame is ignored.
        long sequence = Math.min(finished, highestReceived);
        if (sequence <= receiptSent) {
            return false;
        }
        receiptSent = sequence;
        ch.write(new VideoReceipt(sequence, videoPeer), ch.voidPromise());
        return true;
    }

    @Override
    public void closed(Status reason) {
        // Nothing held: each frame was copied out for the listener.
    }
}
