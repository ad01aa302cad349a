package dev.duplex.core.session;

import dev.duplex.core.Status;
import dev.duplex.core.internal.protocol.Frame;
import dev.duplex.core.internal.protocol.VideoFrame;
import dev.duplex.core.internal.protocol.VideoReceipt;
import dev.duplex.core.internal.transport.LinkStats;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sending half of video: frames from the encoder's thread reach the connection through a
 * latest-wins {@link HandOffSlot} (a frame the event loop has not taken yet is replaced and counted
 * as dropped), and where video flow control is on, the {@link VideoWindow} holds the encoder while
 * the peer's receipts say enough frames are unfinished at its end.
 */
final class VideoSender implements MediaStream {
    private final EventLoop loop;
    private final Lifecycle lifecycle;
    private final Participants names;
    private final SessionCounters counters;
    private final int maxVideoPayload;
    /** Flow control of this side's video by the peer's receipts; null when this side has it off. */
    private final VideoWindow window;
    private final AtomicLong nextSequence = new AtomicLong();
    private final HandOffSlot<VideoFrame> slot;
    /** The handshaken connection, or null. */
    private volatile Channel channel;
    /** Whether the current connection's peer sends receipts. */
    private volatile boolean receiptsFromPeer;
    /** The current connection's heartbeat measurements (its round trip sizes the window's path). */
    private volatile LinkStats link = new LinkStats();

    /** @param window flow control of this side's video, or null for none */
    VideoSender(EventLoop loop, Lifecycle lifecycle, Participants names, SessionCounters counters, int maxVideoPayload,
                VideoWindow window) {
        this.loop = loop;
        this.lifecycle = lifecycle;
        this.names = names;
        this.counters = counters;
        this.maxVideoPayload = maxVideoPayload;
        this.window = window;
        this.slot = new HandOffSlot<>(loop, this::write, counters::videoDroppedAtHandoff);
    }

    /** Offers one JPEG frame (any thread, never blocks); false when not connected. */
    boolean send(int width, int height, long captureTimeMicros, byte[] jpeg) {
        int payload = VideoFrame.payloadLength(names.nickname(), jpeg.length);
        if (payload > maxVideoPayload) {
            throw new IllegalArgumentException("JPEG of " + jpeg.length + " bytes is over the video frame limit of "
                    + maxVideoPayload + " bytes: lower the quality or the resolution.");
        }
        if (channel == null || lifecycle.state() != SessionState.CONNECTED) {
            return false;
        }
        long sequence = nextSequence.incrementAndGet();
        if (window != null) {
            window.sent(sequence);
        }
        return slot.offer(new VideoFrame(sequence, captureTimeMicros, width, height, names.nickname(),
                Unpooled.wrappedBuffer(jpeg)));
    }

    /** On the loop: the frame taken from the slot (null if none) goes to the connection. */
    private void write(VideoFrame frame) {
        assert loop.inEventLoop();
        if (window != null) {
            window.handedOff();
        }
        if (frame == null) {
            return;
        }
        Channel ch = channel;
        if (ch == null) {
            frame.release();
            return;
        }
        ch.writeAndFlush(frame).addListener(f -> {
            if (f.isSuccess()) {
                counters.videoSent();
            }
        });
    }

    /** Waits until a frame may be encoded (true at once without flow control). */
    boolean awaitWindow(long timeout, TimeUnit unit) throws InterruptedException {
        if (window == null) {
            return true;
        }
        window.pathRtt(link.receiptDelayMicros());
        return window.await(timeout, unit);
    }

    /** This side's frames the peer has not finished with (0 without flow control). */
    int unfinished() {
        return window == null ? 0 : window.unfinished();
    }

    @Override
    public void connected(Connection connection) {
        assert loop.inEventLoop();
        channel = connection.channel();
        link = connection.link();
        receiptsFromPeer = connection.receiptsFromPeer();
        if (window != null) {
            window.reset(connection.receiptsFromPeer());
        }
    }

    @Override
    public void disconnected() {
        assert loop.inEventLoop();
        channel = null;
        releaseSlot();
        if (window != null) {
            window.reset(false); // no connection: no receipts to wait for (the next handshake decides again)
        }
    }

    @Override
    public boolean read(Frame frame) {
        if (!(frame instanceof VideoReceipt receipt)) {
            return false;
        }
        if (window != null && receiptsFromPeer) {
            window.finished(receipt.sequence());
        }
        return true;
    }

    @Override
    public void closed(Status reason) {
        releaseSlot();
        if (window != null) {
            window.close();
        }
    }

    private void releaseSlot() {
        if (window != null) {
            window.handedOff();
        }
        slot.clear();
    }
}
