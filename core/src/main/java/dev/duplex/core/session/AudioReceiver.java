package dev.duplex.core.session;

import dev.duplex.core.Status;
import dev.duplex.core.internal.protocol.AudioFrame;
import dev.duplex.core.internal.protocol.Frame;
import dev.duplex.core.internal.transport.LinkStats;
import dev.duplex.core.transport.Clock;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.EventLoop;

/**
 * The receiving half of voice, on the event loop: each AUDIO becomes an {@link AudioMessage}
 * (capture time moved to this machine's clock by the heartbeat's offset estimate, the Opus bytes
 * copied) for the listener. A side that did not advertise audio ignores AUDIO a peer sends anyway.
 */
final class AudioReceiver implements MediaStream {
    private final EventLoop loop;
    private final Participants names;
    private final SessionCounters counters;
    private final Events events;
    private final boolean wanted;
    // Confined to the loop.
    private LinkStats link = new LinkStats();

    /** @param wanted whether this side takes part in voice ({@code TransportConfig.audio}) */
    AudioReceiver(EventLoop loop, Participants names, SessionCounters counters, Events events, boolean wanted) {
        this.loop = loop;
        this.names = names;
        this.counters = counters;
        this.events = events;
        this.wanted = wanted;
    }

    @Override
    public void connected(Connection connection) {
        assert loop.inEventLoop();
        link = connection.link();
    }

    @Override
    public void disconnected() {
        // Nothing held: each packet was copied out for the listener.
    }

    @Override
    public boolean read(Frame frame) {
        assert loop.inEventLoop();
        if (!(frame instanceof AudioFrame audio)) {
            return false;
        }
        if (wanted) {
            counters.audioReceived();
            events.audio(new AudioMessage(names.senderOf(audio.sender()), audio.sequence(),
                    audio.captureTimeMicros() - link.clockOffsetMicros(), ByteBufUtil.getBytes(audio.opus()),
                    Clock.nowMicros()));
        }
        return true;
    }

    @Override
    public void closed(Status reason) {
        // Nothing held.
    }
}
