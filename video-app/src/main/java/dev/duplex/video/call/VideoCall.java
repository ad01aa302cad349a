package dev.duplex.video.call;

import dev.duplex.core.DuplexException;
import dev.duplex.core.security.TlsOptions;
import dev.duplex.core.session.Session;
import dev.duplex.core.session.SessionStats;
import dev.duplex.core.session.VideoMessage;
import dev.duplex.video.VideoOptions;
import dev.duplex.video.adapt.AdaptiveQuality;
import dev.duplex.video.adapt.LinkSample;
import dev.duplex.video.audio.AudioCall;
import dev.duplex.video.audio.AudioDevices;
import dev.duplex.video.audio.AudioSink;
import dev.duplex.video.audio.AudioSource;
import dev.duplex.video.audio.RemoteVoice;
import dev.duplex.video.codec.EncodeSettings;
import dev.duplex.video.codec.OpenCv;
import dev.duplex.video.pipeline.CaptureLoop;
import dev.duplex.video.pipeline.DecodeLoop;
import dev.duplex.video.pipeline.DisplaySink;
import dev.duplex.video.pipeline.EncodeLoop;
import dev.duplex.video.pipeline.FrameDecoder;
import dev.duplex.video.pipeline.FrameReceipts;
import dev.duplex.video.pipeline.FrameSender;
import dev.duplex.video.pipeline.InStepDisplay;
import dev.duplex.video.pipeline.JpegFrameDecoder;
import dev.duplex.video.pipeline.LatestPerKey;
import dev.duplex.video.pipeline.LatestSlot;
import dev.duplex.video.pipeline.VideoReceiver;
import dev.duplex.video.source.CapturedFrame;
import dev.duplex.video.source.FrameSource;
import dev.duplex.video.stats.AudioFigures;
import dev.duplex.video.stats.CallStats;
import dev.duplex.video.stats.CallSummary;
import dev.duplex.video.stats.StatsSampler;
import dev.duplex.video.stats.StatsSnapshot;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running video call: the whole pipeline with a latest-frame slot at every hand-off.
 * <pre>
 * capture thread → [latest slot] → encoder thread → Session.sendVideo (core: latest frame wins)
 * event loop → [latest slot per sender] → decoder thread → DisplaySink (latest image) → screen
 * stats thread: once a second, a snapshot for the display and a step of the adaptive quality
 * </pre>
 * Beside it, unless the options turn it off, the voice ({@link AudioCall}: its own capture and
 * playout threads, packets that overtake waiting video on the connection), and pictures are shown in
 * step with their sender's voice ({@link InStepDisplay}).
 * {@link #close()} stops capture (releasing the camera), says BYE, stops and joins every thread.
 * <p>
 * The JVM's C2 compiler works through a call's first minute and, on a 2-core machine, delayed
 * frames at moments (latency p99 up to 7.3 ms against 3.1-5.5 ms with {@code -XX:TieredStopAtLevel=1},
 * at no cost in frame rate: BENCHMARKS.md, section 2). The launcher starts {@code duplex video} so;
 * an application embedding a call chooses its own JVM flags.
 */
public final class VideoCall implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(VideoCall.class);
    /**
     * How often the start's heartbeats are looked at while a call starts: each one answered since
     * the last look goes to {@link AdaptiveQuality#startHeartbeat} ({@link CallConnection#HEARTBEAT_INTERVAL}).
     */
    static final long START_WATCH_MILLIS = CallConnection.HEARTBEAT_INTERVAL.toMillis();

    private final VideoOptions options;
    private final FrameSource source;
    private final String sourceDescription;
    private final DisplaySink display;
    private final CallStats stats;
    private final StatsSampler sampler;
    private final AdaptiveQuality adaptive;
    private final LatestSlot<CapturedFrame> captureSlot;
    private final LatestPerKey<String, VideoMessage> receiveSlots;
    private final FrameReceipts receipts = new FrameReceipts();
    private final CaptureLoop capture;
    private final EncodeLoop encoder;
    private final DecodeLoop decoder;
    private final ScheduledExecutorService ticker;
    /** The look at the start's heartbeats, while the call starts; null before and after. */
    private volatile ScheduledFuture<?> startWatch;
    /** The outbound delay the start's last look saw (a new value is a new heartbeat). */
    private long startDelaySeen = LinkSample.NO_DELAY;
    /** The voice; null in a video-only call. */
    private final AudioCall audio;
    /** Pictures held in step with their sender's voice; null in a video-only call. */
    private final InStepDisplay inStep;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CompletableFuture<CallSummary> finalSummary = new CompletableFuture<>();
    private volatile CallConnection connection;

    private VideoCall(Builder b) {
        this.options = b.options;
        this.source = b.source;
        this.sourceDescription = b.source.description();
        this.display = b.display;
        // A duplex call starts at its start budget (VideoOptions.startKbps) and climbs while its
        // heartbeats show no queue. The lecture's format has no heartbeats to climb by, so it starts
        // at the best picture; and its Python programs show a picture at the size it is sent, so only
        // quality and frame rate adapt.
        AdaptiveQuality.Builder control = AdaptiveQuality.builder().maxQuality(options.quality())
                .minQuality(options.minQuality()).fps(options.fps()).pictureSize(options.width(), options.height())
                .startKbps(options.lecture() ? 0 : options.startKbps());
        if (options.lecture()) {
            control.scales(1.0);
        }
        this.adaptive = control.build();
        EncodeSettings initial = options.adaptive() ? adaptive.current() : new EncodeSettings(options.quality(), 1.0);
        // The lecture's format carries no capture time: latency cannot be measured there.
        this.stats = new CallStats(initial, !options.lecture());
        this.audio = b.audioSink == null ? null
                : AudioCall.create(b.audioSource, b.audioSink, this::liveSession, options.maxRemoteStreams());
        this.sampler = new StatsSampler(stats, audio == null ? AudioFigures.NONE : audio);
        display.attach(stats);
        this.captureSlot = new LatestSlot<>(frame -> {
            frame.close();
            stats.droppedCapture.increment();
        });
        // A frame replaced unseen is not reported: the receipt of the newer one, once decoded, covers it.
        this.receiveSlots = new LatestPerKey<>(options.maxRemoteStreams(), m -> stats.droppedReceive.increment());
        this.capture = new CaptureLoop(b.source, options.fps(), captureSlot, stats, display::status);
        this.encoder = new EncodeLoop(captureSlot, stats, new FrameSender() {
            @Override
            public boolean send(int width, int height, long captureMicros, byte[] jpeg) {
                return VideoCall.this.send(width, height, captureMicros, jpeg);
            }

            @Override
            public boolean awaitWindow(long timeout, TimeUnit unit) throws InterruptedException {
                CallConnection c = connection;
                Session session = c == null ? null : c.current();
                return session == null || session.awaitVideoWindow(timeout, unit);
            }
        }, display);
        this.inStep = audio == null ? null : new InStepDisplay(display, sender -> audio.voices().get(sender)
                .map(RemoteVoice::playoutDelayMicros).orElse(-1L));
        this.decoder = new DecodeLoop(receiveSlots, b.decoder, inStep == null ? display : inStep, stats, receipts);
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "duplex-video-stats");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts describing a call with these options. */
    public static Builder builder(VideoOptions options) {
        return new Builder(options);
    }

    private void startAll() {
        decoder.start();
        VideoReceiver video = new VideoReceiver(receiveSlots, stats, inStep == null ? display : inStep, receipts);
        try {
            if (audio != null) {
                audio.start();
            }
            connection = CallConnection.open(options, audio == null ? video : new CallListener(video, audio));
        } catch (RuntimeException e) {
            decoder.close();
            if (audio != null) {
                audio.close();
                inStep.close();
            }
            receiveSlots.close();
            ticker.shutdownNow();
            // The capture thread never ran, so it cannot release the source itself.
            source.close();
            throw e;
        }
        encoder.start();
        capture.start();
        ticker.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
        if (options.adaptive() && adaptive.starting()) {
            startWatch = ticker.scheduleAtFixedRate(this::watchStart, START_WATCH_MILLIS, START_WATCH_MILLIS,
                    TimeUnit.MILLISECONDS);
        }
    }

    /** The session now, for the voice's sender (which starts before the connection exists). */
    private Session liveSession() {
        CallConnection c = connection;
        return c == null || closed.get() ? null : c.current();
    }

    private boolean send(int width, int height, long captureMicros, byte[] jpeg) {
        Session session = connection.current();
        return session != null && session.sendVideo(width, height, captureMicros, jpeg);
    }

    private void tick() {
        try {
            StatsSnapshot snapshot;
            synchronized (sampler) {
                snapshot = sampler.sample(connection.current());
                if (options.adaptive()) {
                    LinkSample link = sampler.linkSample(snapshot);
                    use(link, adaptive.update(link));
                }
            }
            display.stats(snapshot);
        } catch (RuntimeException e) {
            log.warn("Stats tick failed: {}", e.getMessage(), e);
        }
    }

    /**
     * While the call starts, a heartbeat answered since the last look (once frames are being sent)
     * goes to the adaptive control at once: a start above the link's rate is cut within a few
     * heartbeats instead of at the end of a second. Ends itself once the start is over.
     */
    private void watchStart() {
        try {
            synchronized (sampler) {
                if (!adaptive.starting()) {
                    ScheduledFuture<?> watch = startWatch;
                    if (watch != null) {
                        watch.cancel(false);
                        startWatch = null;
                    }
                    return;
                }
                Session session = connection.current();
                SessionStats now = session == null ? null : session.stats();
                if (now == null || now.videoSent() == 0 || now.outboundDelayMicros() == SessionStats.UNKNOWN
                        || now.outboundDelayMicros() == startDelaySeen) {
                    return;
                }
                startDelaySeen = now.outboundDelayMicros();
                use(startDelaySeen, adaptive.startHeartbeat(stats.elapsedSeconds(), startDelaySeen,
                        stats.encodedBytes.sum()));
            }
        } catch (RuntimeException e) {
            log.warn("Start watch failed: {}", e.getMessage(), e);
        }
    }

    /** Applies the control's settings for the next frames; {@code cause} is what it was given, for the trace. */
    private void use(Object cause, EncodeSettings next) {
        log.trace("{}: {} -> budget {} kbit/s, {}", options.nickname(), cause,
                Math.round(adaptive.budgetBytesPerSecond() * 8 / 1000), next.describe());
        if (!next.equals(stats.settings())) {
            log.debug("Video compression now {}", next.describe());
            stats.settings(next);
        }
    }

    public VideoOptions options() {
        return options;
    }

    /**
     * A sentence about encryption and identities, for the console and the status bar: the
     * relay's or peer's verified fingerprint, or (listening) this side's own fingerprint for the
     * other person to compare; empty in the lecture's format, which says so elsewhere.
     */
    public String securityDescription() {
        if (options.lecture()) {
            return "";
        }
        TlsOptions tls = options.tls().orElse(null);
        if (tls == null) {
            return "Not encrypted: anyone on the network can see and change the video.";
        }
        if (options.mode() == VideoOptions.Mode.LISTEN) {
            return tls.identity().map(id -> "Encrypted (TLS). Your identity is " + id.fingerprint()
                    + ": the other person should see the same fingerprint.").orElse("Encrypted (TLS).");
        }
        Session s = session();
        String noun = options.mode() == VideoOptions.Mode.RELAY ? "relay" : "peer";
        return s == null ? "Encrypted (TLS)." : s.peerFingerprint()
                .map(f -> "Encrypted (TLS); the " + noun + "'s identity is " + f + ".").orElse("Encrypted (TLS).");
    }

    /**
     * The same, short, for a status line: "TLS · relay SHA256:ab12cd…wxyz", "TLS · your identity
     * SHA256:…", "Not encrypted"; empty in the lecture's format. The whole fingerprint is in
     * {@link #securityDescription()}.
     */
    public String securitySummary() {
        if (options.lecture()) {
            return "";
        }
        TlsOptions tls = options.tls().orElse(null);
        if (tls == null) {
            return "Not encrypted";
        }
        if (options.mode() == VideoOptions.Mode.LISTEN) {
            return tls.identity().map(id -> "TLS · your identity " + id.fingerprint().abbreviated()).orElse("TLS");
        }
        Session s = session();
        String noun = options.mode() == VideoOptions.Mode.RELAY ? "relay" : "peer";
        return s == null ? "TLS" : s.peerFingerprint().map(f -> "TLS · " + noun + " " + f.abbreviated()).orElse("TLS");
    }

    /** The live session, or {@code null} (listening with no peer yet, or closed). */
    public Session session() {
        return closed.get() ? null : connection.current();
    }

    /** The counters of this call. */
    public CallStats stats() {
        return stats;
    }

    /** The call's voice (controls, levels, counters), or empty in a video-only call. */
    public Optional<AudioCall> audio() {
        return Optional.ofNullable(audio);
    }

    /** "synthetic test pattern", "camera 0", "file clip.avi". */
    public String sourceDescription() {
        return sourceDescription;
    }

    /** Addresses to give the other side (listen mode), else empty. */
    public List<String> addresses() {
        return connection.addresses();
    }

    /** The port listened on (listen mode, the real one when 0 was asked), else -1. */
    public int listeningPort() {
        return connection.localPort();
    }

    /** Completes with a sentence when the connection ends on its own (the peer left); never in listen mode. */
    public CompletableFuture<String> ended() {
        return connection.ended();
    }

    /** The totals so far, or the final totals once closed. */
    public CallSummary summary() {
        if (finalSummary.isDone()) {
            return finalSummary.join();
        }
        synchronized (sampler) {
            return sampler.summary(connection.current());
        }
    }

    /** True once {@link #close()} has run. */
    public boolean isClosed() {
        return closed.get();
    }

    /** Stops capture (camera released), says BYE, stops and joins every thread. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            finalSummary.join();
            return;
        }
        try {
            capture.close();
            if (audio != null) {
                audio.close();
            }
            ticker.shutdownNow();
            awaitTicker();
            encoder.close();
            captureSlot.close();
            Session last = connection.current();
            connection.close();
            decoder.close();
            if (inStep != null) {
                inStep.close();
            }
            receiveSlots.close();
            synchronized (sampler) {
                finalSummary.complete(sampler.summary(last));
            }
        } catch (RuntimeException e) {
            finalSummary.completeExceptionally(e);
            throw e;
        }
    }

    private void awaitTicker() {
        try {
            if (!ticker.awaitTermination(2, TimeUnit.SECONDS)) {
                log.warn("The stats thread did not stop within 2 s.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Parts of a call; {@link #start()} connects and starts its threads. */
    public static final class Builder {
        private final VideoOptions options;
        private FrameSource source;
        private DisplaySink display;
        private FrameDecoder decoder = new JpegFrameDecoder();
        private Optional<AudioSource> audioSource = Optional.empty();
        private AudioSink audioSink;
        private Consumer<String> notices;

        private Builder(VideoOptions options) {
            this.options = Objects.requireNonNull(options, "options");
        }

        /** Where the local picture comes from; the call owns it from {@link #start()} on and closes it. */
        public Builder source(FrameSource value) {
            this.source = Objects.requireNonNull(value, "source");
            return this;
        }

        /** Where remote pictures, the preview, news and stats go. */
        public Builder display(DisplaySink value) {
            this.display = Objects.requireNonNull(value, "display");
            return this;
        }

        /** How received frames are decoded (default: OpenCV JPEG to a BufferedImage). */
        public Builder decoder(FrameDecoder value) {
            this.decoder = Objects.requireNonNull(value, "decoder");
            return this;
        }

        /**
         * The voice's devices, instead of those the options name (tests, benchmarks): the source, or
         * empty to only listen, and the sink. The call owns them from {@link #start()} on and closes
         * them; a call whose options turn voice off closes them at once.
         */
        public Builder audio(Optional<AudioSource> source, AudioSink sink) {
            this.audioSource = Objects.requireNonNull(source, "source");
            this.audioSink = Objects.requireNonNull(sink, "sink");
            return this;
        }

        /** Where sentences about the devices go, such as a missing microphone (default: the display's status). */
        public Builder notices(Consumer<String> value) {
            this.notices = Objects.requireNonNull(value, "notices");
            return this;
        }

        /** Opens the voice's devices as the options say, unless given; none when voice is off. */
        private void openAudio() {
            if (!options.audio().enabled()) {
                audioSource.ifPresent(AudioSource::close);
                if (audioSink != null) {
                    audioSink.close();
                }
                audioSource = Optional.empty();
                audioSink = null;
                return;
            }
            if (audioSink == null) {
                Consumer<String> notice = notices != null ? notices : display::status;
                audioSource = AudioDevices.openSource(options.audio().source(), notice);
                try {
                    audioSink = AudioDevices.openSink(options.audio().sink(), notice);
                } catch (RuntimeException e) {
                    audioSource.ifPresent(AudioSource::close);
                    throw e;
                }
            }
        }

        /**
         * Connects (or starts listening) and starts the pipeline. On failure the sources are closed.
         *
         * @throws DuplexException with a sentence if it cannot connect or listen
         * @throws dev.duplex.video.audio.AudioUnavailableException with a sentence if a microphone,
         *         speaker or sound file named in the options cannot be opened
         */
        public VideoCall start() {
            if (source == null || display == null) {
                throw new IllegalStateException("source and display are required: call source(...) and display(...) first.");
            }
            VideoCall call;
            try {
                openAudio();
                OpenCv.load();
                call = new VideoCall(this);
            } catch (RuntimeException e) {
                source.close();
                audioSource.ifPresent(AudioSource::close);
                if (audioSink != null) {
                    audioSink.close();
                }
                throw e;
            }
            call.startAll();
            return call;
        }
    }
}
