package dev.duplex.core.transport;

import dev.duplex.core.internal.Checks;
import dev.duplex.core.protocol.FrameLimits;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.time.Duration;
import java.util.Objects;

/**
 * Per-connection limits and timings shared by servers, clients and direct peers. Immutable; build
 * one with {@link #builder()}. Every bound here is enforced by a handler and has a test.
 */
public final class TransportConfig {
    /** The defaults described on each builder method. */
    public static final TransportConfig DEFAULT = builder().build();
    /** Upper bound of {@link Builder#videoWindow(int)}. */
    public static final int MAX_VIDEO_WINDOW = 64;

    private final FrameLimits frameLimits;
    private final int writeBufferLowWaterMark;
    private final int writeBufferHighWaterMark;
    private final int maxQueuedMessages;
    private final int maxQueuedBytes;
    private final int maxVideoStreams;
    private final int maxUnsentBytes;
    private final int videoWindow;
    private final int relayVideoWindow;
    private final boolean audio;
    private final int maxQueuedAudio;
    private final Duration maxAudioDelay;
    private final int maxUnacknowledgedTexts;
    private final Duration heartbeatInterval;
    private final int maxMissedHeartbeats;
    private final Duration helloTimeout;
    private final ByteBufAllocator allocator;

    private TransportConfig(Builder b) {
        this.frameLimits = b.frameLimits;
        this.writeBufferLowWaterMark = b.writeBufferLowWaterMark;
        this.writeBufferHighWaterMark = b.writeBufferHighWaterMark;
        this.maxQueuedMessages = b.maxQueuedMessages;
        this.maxQueuedBytes = b.maxQueuedBytes;
        this.maxVideoStreams = b.maxVideoStreams;
        this.maxUnsentBytes = b.maxUnsentBytes;
        this.videoWindow = b.videoWindow;
        this.relayVideoWindow = b.relayVideoWindow;
        this.audio = b.audio;
        this.maxQueuedAudio = b.maxQueuedAudio;
        this.maxAudioDelay = b.maxAudioDelay;
        this.maxUnacknowledgedTexts = b.maxUnacknowledgedTexts;
        this.heartbeatInterval = b.heartbeatInterval;
        this.maxMissedHeartbeats = b.maxMissedHeartbeats;
        this.helloTimeout = b.helloTimeout;
        this.allocator = b.allocator;
    }

    /** A builder with the defaults described on each of its methods. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration's values. */
    public Builder toBuilder() {
        return new Builder()
                .frameLimits(frameLimits)
                .writeBufferWaterMarks(writeBufferLowWaterMark, writeBufferHighWaterMark)
                .maxQueuedMessages(maxQueuedMessages)
                .maxQueuedBytes(maxQueuedBytes)
                .maxVideoStreams(maxVideoStreams)
                .maxUnsentBytes(maxUnsentBytes)
                .videoWindow(videoWindow)
                .relayVideoWindow(relayVideoWindow)
                .audio(audio)
                .maxQueuedAudio(maxQueuedAudio)
                .maxAudioDelay(maxAudioDelay)
                .maxUnacknowledgedTexts(maxUnacknowledgedTexts)
                .heartbeatInterval(heartbeatInterval)
                .maxMissedHeartbeats(maxMissedHeartbeats)
                .helloTimeout(helloTimeout)
                .allocator(allocator);
    }

    /** Maximum payload per frame category; see {@link Builder#frameLimits}. */
    public FrameLimits frameLimits() {
        return frameLimits;
    }

    /**
     * Below this many bytes waiting to be written, a connection is writable again; see {@link
     * Builder#writeBufferWaterMarks}.
     */
    public int writeBufferLowWaterMark() {
        return writeBufferLowWaterMark;
    }

    /**
     * Above this many bytes waiting to be written, a connection is not writable; see {@link
     * Builder#writeBufferWaterMarks}.
     */
    public int writeBufferHighWaterMark() {
        return writeBufferHighWaterMark;
    }

    /** Most text and control frames waiting for a slow connection; see {@link Builder#maxQueuedMessages}. */
    public int maxQueuedMessages() {
        return maxQueuedMessages;
    }

    /** Most bytes of text and control frames waiting for a slow connection; see {@link Builder#maxQueuedBytes}. */
    public int maxQueuedBytes() {
        return maxQueuedBytes;
    }

    /** Most video senders with a pending latest frame per connection; see {@link Builder#maxVideoStreams}. */
    public int maxVideoStreams() {
        return maxVideoStreams;
    }

    /** Cap of the kernel's unsent bytes of a connection that carries video (0: the kernel's); see {@link Builder#maxUnsentBytes}. */
    public int maxUnsentBytes() {
        return maxUnsentBytes;
    }

    /** Most of this side's video frames the peer may not have finished with (0: no flow control); see {@link Builder#videoWindow}. */
    public int videoWindow() {
        return videoWindow;
    }

    /** A relay's video window towards each member that sends receipts (0: none); see {@link Builder#relayVideoWindow}. */
    public int relayVideoWindow() {
        return relayVideoWindow;
    }

    /** Whether a session sends and receives AUDIO (advertises {@code Hello.CAP_AUDIO}); see {@link Builder#audio}. */
    public boolean audio() {
        return audio;
    }

    /** Most AUDIO frames waiting for a slow connection, and in a session's hand-off to its event loop. */
    public int maxQueuedAudio() {
        return maxQueuedAudio;
    }

    /** How long an AUDIO frame may wait for a slow connection before it is dropped (oldest first). */
    public Duration maxAudioDelay() {
        return maxAudioDelay;
    }

    /**
     * Most texts a session keeps waiting for their acknowledgement (its outbox); see {@link
     * Builder#maxUnacknowledgedTexts}.
     */
    public int maxUnacknowledgedTexts() {
        return maxUnacknowledgedTexts;
    }

    /** How often each side sends PING; see {@link Builder#heartbeatInterval}. */
    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    /** How many heartbeat intervals of silence are tolerated; see {@link Builder#maxMissedHeartbeats}. */
    public int maxMissedHeartbeats() {
        return maxMissedHeartbeats;
    }

    /** How long a new connection may take to complete HELLO/WELCOME; see {@link Builder#helloTimeout}. */
    public Duration helloTimeout() {
        return helloTimeout;
    }

    /** The buffer allocator of the connections; see {@link Builder#allocator}. */
    public ByteBufAllocator allocator() {
        return allocator;
    }

    /** Builds a {@link TransportConfig}; each setter validates its argument at once. */
    public static final class Builder {
        private FrameLimits frameLimits = FrameLimits.DEFAULT;
        private int writeBufferLowWaterMark = 256 * 1024;
        private int writeBufferHighWaterMark = 1024 * 1024;
        private int maxQueuedMessages = 1024;
        private int maxQueuedBytes = 4 * 1024 * 1024;
        private int maxVideoStreams = 64;
        private int maxUnsentBytes = 16 * 1024;
        private int videoWindow = 0;
        private int relayVideoWindow = 0;
        private boolean audio = false;
        private int maxQueuedAudio = 64;
        private Duration maxAudioDelay = Duration.ofMillis(200);
        private int maxUnacknowledgedTexts = 256;
        private Duration heartbeatInterval = Duration.ofSeconds(5);
        private int maxMissedHeartbeats = 3;
        private Duration helloTimeout = Duration.ofSeconds(10);
        private ByteBufAllocator allocator = PooledByteBufAllocator.DEFAULT;

        private Builder() {
        }

        /** Maximum payload per frame category; default {@link FrameLimits#DEFAULT}. */
        public Builder frameLimits(FrameLimits limits) {
            this.frameLimits = Objects.requireNonNull(limits, "frameLimits");
            return this;
        }

        /**
         * Socket write buffer bounds (defaults 256 KiB / 1 MiB): above {@code high} the connection is
         * "not writable" and frames wait in its bounded queues (below).
         */
        public Builder writeBufferWaterMarks(int low, int high) {
            if (low <= 0 || high < low) {
                throw new IllegalArgumentException(
                        "writeBufferWaterMarks: " + low + ", " + high + " (expected: 0 < low <= high)");
            }
            this.writeBufferLowWaterMark = low;
            this.writeBufferHighWaterMark = high;
            return this;
        }

        /** Most text/control frames waiting for a slow connection (default 1024). */
        public Builder maxQueuedMessages(int value) {
            this.maxQueuedMessages = Checks.positive("maxQueuedMessages", value);
            return this;
        }

        /** Most bytes of text/control frames waiting for a slow connection (default 4 MiB). */
        public Builder maxQueuedBytes(int value) {
            this.maxQueuedBytes = Checks.positive("maxQueuedBytes", value);
            return this;
        }

        /** Most video senders with a pending latest frame per connection (default 64). */
        public Builder maxVideoStreams(int value) {
            this.maxVideoStreams = Checks.positive("maxVideoStreams", value);
            return this;
        }

        /**
         * Once a connection carries video, the most bytes its socket keeps in the kernel that are not
         * sent yet (default 16 KiB; 0 leaves the kernel's own limit, which grows to megabytes). A video
         * frame counts as written once the kernel holds it, and only frames not yet written can be
         * replaced by newer ones: what the kernel holds unsent on a slow link is latency. Applied with
         * Linux's {@code TCP_NOTSENT_LOWAT} under the native epoll transport; elsewhere the kernel's own
         * buffer stays. Connections that carry only text keep the kernel's default.
         */
        public Builder maxUnsentBytes(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("maxUnsentBytes: " + value + " (expected: >= 0, 0 = the kernel's)");
            }
            this.maxUnsentBytes = value;
            return this;
        }

        /**
         * Receiver-driven video flow control for direct sessions (default 0: off). When {@code > 0}, the
         * session advertises {@code Hello.CAP_VIDEO_RECEIPTS}; with a peer that advertises it too, it
         * sends a VIDEO_RECEIPT for every frame the application reports finished
         * ({@code Session.videoFinished}: the application must report every frame it decodes), and {@code Session.awaitVideoWindow} holds this side's encoder while {@code value}
         * of its frames are unfinished at the peer (on the way, waiting for its decoder, or being
         * decoded). 2 keeps one frame travelling while one is decoded; a larger window fills a link with
         * a long round trip, at the cost of frames a slower receiver replaces unseen
         * (expected: 0..{@value TransportConfig#MAX_VIDEO_WINDOW}).
         */
        public Builder videoWindow(int value) {
            this.videoWindow = Checks.inRange("videoWindow", value, 0, MAX_VIDEO_WINDOW);
            return this;
        }

        /**
         * A relay's flow control of the video it forwards (default 0: off). When {@code > 0}, the
         * relay advertises {@code Hello.CAP_RELAY_RECEIPTS} in WELCOME, and to each member that sends
         * VIDEO_RECEIPTs (one whose session has a {@link #videoWindow} too) it forwards a frame only
         * while fewer than {@code value} of the frames it forwarded at least a round trip ago are
         * unfinished there, and, on a link where a frame takes longer to cross than a round trip, one
         * frame at a time; the others wait in their sender's slot, where newer ones replace them.
         * So a member behind a slow link gets fresher frames instead of a queue of old ones in front
         * of it (BENCHMARKS.md, section 7: half the latency for a 500 kbit/s receiver of 640x480
         * video). Off by default: receipts come after decoding, so a fast receiver whose decoder is
         * busy gets fewer frames too (about 19 instead of 25 a second in the same measurement)
         * (expected: 0..{@value TransportConfig#MAX_VIDEO_WINDOW}).
         */
        public Builder relayVideoWindow(int value) {
            this.relayVideoWindow = Checks.inRange("relayVideoWindow", value, 0, MAX_VIDEO_WINDOW);
            return this;
        }

        /**
         * Voice for sessions (default false: a library user opts in). When true, the session
         * advertises {@code Hello.CAP_AUDIO}, so a relay forwards AUDIO to it and a direct peer sends it
         * AUDIO; {@code Session.sendAudio} works only while the other side advertised it too (a relay
         * always does; the lecture's formats never do). Relays ignore this setting: they forward AUDIO
         * to every member that asked for it.
         */
        public Builder audio(boolean value) {
            this.audio = value;
            return this;
        }

        /**
         * Most AUDIO frames waiting per connection while it is not writable, and in a session's
         * hand-off from the application's thread to its event loop (default 64: 200 ms of 20 ms
         * packets from 16 senders). Beyond it the oldest waiting frame is dropped.
         */
        public Builder maxQueuedAudio(int value) {
            this.maxQueuedAudio = Checks.positive("maxQueuedAudio", value);
            return this;
        }

        /**
         * How long an AUDIO frame may wait for a connection that is not writable (default 200 ms):
         * older waiting frames are dropped, so voice is never further behind than this on our side of
         * the connection (a receiver would play a later packet anyway).
         */
        public Builder maxAudioDelay(Duration value) {
            this.maxAudioDelay = Checks.positive("maxAudioDelay", value);
            return this;
        }

        /**
         * Most texts a session keeps waiting for their acknowledgement, to send again after a
         * reconnect (default 256: below the relay's default text burst of 400 frames, so such a
         * resend is not rate-limited).
         */
        public Builder maxUnacknowledgedTexts(int value) {
            this.maxUnacknowledgedTexts = Checks.positive("maxUnacknowledgedTexts", value);
            return this;
        }

        /** How often each side sends PING (default 5 s). */
        public Builder heartbeatInterval(Duration value) {
            this.heartbeatInterval = Checks.positive("heartbeatInterval", value);
            return this;
        }

        /**
         * Heartbeat intervals with nothing received after which a peer is declared dead and closed:
         * {@code value} × the interval after its last byte (default 3).
         */
        public Builder maxMissedHeartbeats(int value) {
            this.maxMissedHeartbeats = Checks.positive("maxMissedHeartbeats", value);
            return this;
        }

        /** How long a new connection may take to complete HELLO/WELCOME (default 10 s). */
        public Builder helloTimeout(Duration value) {
            this.helloTimeout = Checks.positive("helloTimeout", value);
            return this;
        }

        /** The buffer allocator for the connection (default pooled); tests pass their own to measure it. */
        public Builder allocator(ByteBufAllocator value) {
            this.allocator = Objects.requireNonNull(value, "allocator");
            return this;
        }

        /** The configuration with the values set so far (each was checked when it was set). */
        public TransportConfig build() {
            return new TransportConfig(this);
        }


    }
}
