package dev.duplex.core.session;

import dev.duplex.core.protocol.AudioFrame;
import dev.duplex.core.transport.Clock;
import io.netty.buffer.ByteBufUtil;
import java.util.concurrent.atomic.LongAdder;

/**
 * The receiving half of a session's voice, on the event loop: each AUDIO becomes an
 * {@link AudioMessage} (capture time in this machine's clock, the bytes copied) for the listener.
 * A side that did not advertise audio ignores AUDIO a peer sends anyway.
 */
final class AudioReceiver {
    private final SessionListener listener;
    private final boolean wanted;
    private final LongAdder received = new LongAdder();

    AudioReceiver(SessionListener listener, boolean wanted) {
        this.listener = listener;
        this.wanted = wanted;
    }

    /** One AUDIO frame (still owned by the caller), from {@code sender}; {@code clockOffsetMicros} is peer minus local. */
    void onFrame(Session session, AudioFrame frame, String sender, long clockOffsetMicros) {
        if (!wanted) {
            return;
        }
        received.increment();
        listener.onAudio(session, new AudioMessage(sender, frame.sequence(),
                frame.captureTimeMicros() - clockOffsetMicros, ByteBufUtil.getBytes(frame.opus()), Clock.nowMicros()));
    }

    long received() {
        return received.sum();
    }
}
