package dev.duplex.core.session;

import dev.duplex.core.Status;
import dev.duplex.core.internal.protocol.AudioFrame;
import dev.duplex.core.internal.protocol.Frame;
import dev.duplex.core.internal.protocol.Hello;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sending half of voice. The application's capture thread offers a packet every 20 ms; packets
 * cross to the event loop through a hand-off bounded by {@code capacity} (the oldest gives way,
 * counted), and one drain task writes them all and flushes once (the pattern of grpc's
 * {@code WriteQueue}). Sequence numbers are given at the offer, so a packet dropped anywhere is a
 * gap the receiver conceals. Sends only while both sides advertised audio (never in the lecture's
 * formats).
 */
final class AudioSender implements MediaStream {
    private final EventLoop loop;
    private final Lifecycle lifecycle;
    private final Participants names;
    private final SessionCounters counters;
    private final int maxAudioPayload;
    private final int capacity;
    /** Whether this side takes part in voice at all ({@code TransportConfig.audio}; off in the lecture's formats). */
    private final boolean wanted;
    /** Bounded by capacity, checked in send; guarded by itself. */
    private final ArrayDeque<AudioFrame> pending = new ArrayDeque<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicLong nextSequence = new AtomicLong();
    /** The connection voice goes to: set while the peer takes audio, else null. */
    private volatile Channel channel;

    AudioSender(EventLoop loop, Lifecycle lifecycle, Participants names, SessionCounters counters, int maxAudioPayload,
                int capacity, boolean wanted) {
        this.loop = loop;
        this.lifecycle = lifecycle;
        this.names = names;
        this.counters = counters;
        this.maxAudioPayload = maxAudioPayload;
        this.capacity = capacity;
        this.wanted = wanted;
    }

    /** True while the current connection takes voice. */
    boolean negotiated() {
        return channel != null && lifecycle.state() == SessionState.CONNECTED;
    }

    /** Offers one packet (any thread, never blocks); false, and nothing kept, when no connection takes voice now. */
    boolean send(long captureTimeMicros, byte[] opus) {
        int payload = AudioFrame.payloadLength(names.nickname(), opus.length);
        if (payload > maxAudioPayload) {
            throw new IllegalArgumentException("Opus packet of " + opus.length + " bytes is over the audio frame limit of "
                    + maxAudioPayload + " bytes: lower the bitrate.");
        }
        if (!negotiated()) {
            return false;
        }
        AudioFrame frame = new AudioFrame(nextSequence.incrementAndGet(), captureTimeMicros, names.nickname(),
                Unpooled.wrappedBuffer(opus));
        AudioFrame oldest = null;
        synchronized (pending) {
            if (pending.size() >= capacity) {
                oldest = pending.poll();
            }
            pending.add(frame);
        }
        if (oldest != null) {
            oldest.release();
            counters.audioDroppedAtHandoff();
        }
        if (drainScheduled.compareAndSet(false, true)) {
            lifecycle.runOnLoop(this::drain);
        }
        return true;
    }

    private void drain() {
        assert loop.inEventLoop();
        drainScheduled.set(false);
        Channel ch = channel;
        int written = 0;
        AudioFrame next;
        while ((next = poll()) != null) {
            if (ch == null) {
                next.release();
                counters.audioDroppedAtHandoff();
                continue;
            }
            ch.write(next).addListener(f -> {
                if (f.isSuccess()) {
                    counters.audioSent();
                }
            });
            written++;
        }
        if (written > 0) {
            ch.flush();
        }
    }

    private AudioFrame poll() {
        synchronized (pending) {
            return pending.poll();
        }
    }

    private void releasePending() {
        AudioFrame frame;
        while ((frame = poll()) != null) {
            frame.release();
            counters.audioDroppedAtHandoff();
        }
    }

    @Override
    public void connected(Connection connection) {
        assert loop.inEventLoop();
        channel = wanted && connection.peerHas(Hello.CAP_AUDIO) ? connection.channel() : null;
    }

    @Override
    public void disconnected() {
        assert loop.inEventLoop();
        channel = null;
        releasePending();
    }

    @Override
    public boolean read(Frame frame) {
        return false; // nothing comes back for voice
    }

    @Override
    public void closed(Status reason) {
        channel = null;
        releasePending();
    }
}
