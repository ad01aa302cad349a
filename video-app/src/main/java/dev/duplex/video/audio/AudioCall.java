package dev.duplex.video.audio;

import dev.duplex.core.Status;
import dev.duplex.core.session.AudioMessage;
import dev.duplex.core.session.PresenceEvent;
import dev.duplex.core.session.Session;
import dev.duplex.core.session.SessionListener;
import dev.duplex.core.session.SessionState;
import dev.duplex.video.stats.AudioFigures;
import dev.duplex.video.stats.LatencySummary;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The voice of a call, beside its video:
 * <pre>
 * source (paces itself) → capture thread: level, mute, Opus encode → Session.sendAudio
 * event loop → [jitter buffer per sender] → playout thread every 20 ms: decode / FEC / conceal,
 *   mix, volume → sink
 * </pre>
 * As a {@link SessionListener} it takes the packets and forgets senders that left; as
 * {@link AudioFigures} it reports to the call's stats. {@link #close()} stops both threads and
 * releases the microphone, the speaker or the files.
 */
public final class AudioCall implements SessionListener, AudioFigures, AutoCloseable {
    /**
     * Said whenever a microphone meets a speaker: Java has no echo canceller, so without headphones the
     * others hear themselves come back.
     */
    public static final String HEADPHONES_HINT = "Use headphones: there is no echo cancellation, so through "
            + "speakers the others hear themselves come back from your microphone (or hold to talk: "
            + "push-to-talk).";

    private final AudioSource source;
    private final AudioSink sink;
    private final AudioControls controls = new AudioControls();
    private final AudioStats stats = new AudioStats();
    private final RemoteVoices voices;
    private final AudioSendLoop sendLoop;
    private final AudioPlayout playout;
    private volatile boolean closed;

    private AudioCall(AudioSource source, AudioSink sink, Supplier<Session> session, int maxVoices) {
        this.source = source;
        this.sink = sink;
        this.voices = new RemoteVoices(maxVoices, JitterBuffer.DEFAULT_MAX_FRAMES, stats);
        this.sendLoop = source == null ? null
                : new AudioSendLoop(source, new VoiceEncoder(), controls, session, stats);
        this.playout = new AudioPlayout(voices, sink, controls, stats);
    }

    /**
     * The voice of a call, not started yet. The call owns {@code source} and {@code sink} from here on
     * and closes them.
     *
     * @param source    the local voice, or empty to only listen (no microphone)
     * @param sink      where the others' voices go
     * @param session   the session to send to now (null while there is none)
     * @param maxVoices most remote voices played at once
     */
    public static AudioCall create(Optional<AudioSource> source, AudioSink sink, Supplier<Session> session,
                                   int maxVoices) {
        return new AudioCall(source.orElse(null), sink, session, maxVoices);
    }

    /** Starts the playout and, with a source, the capture thread. */
    public void start() {
        playout.start();
        if (sendLoop != null) {
            sendLoop.start();
        }
    }

    @Override
    public void onAudio(Session session, AudioMessage packet) {
        if (!closed) {
            voices.offer(packet);
        }
    }

    @Override
    public void onPresence(Session session, PresenceEvent event) {
        if (event.kind() == PresenceEvent.Kind.LEFT) {
            event.nicknames().forEach(voices::remove);
        }
    }

    @Override
    public void onStateChanged(Session session, SessionState state, Status status) {
        if (state == SessionState.CLOSED || state == SessionState.RECONNECTING) {
            voices.clear();
        }
    }

    public AudioControls controls() {
        return controls;
    }

    public AudioStats stats() {
        return stats;
    }

    /** The remote voices (levels, delays, buffer depths). */
    public RemoteVoices voices() {
        return voices;
    }

    /** True if this side sends a voice (it has a source). */
    public boolean sending() {
        return source != null;
    }

    /** "microphone", "440 Hz tone", or "nothing (no microphone)". */
    public String sourceDescription() {
        return source == null ? "nothing (no microphone)" : source.description();
    }

    /** "speaker", "no sound output", "file call.wav". */
    public String sinkDescription() {
        return sink.description();
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public LatencySummary latencyInterval() {
        return stats.latency().interval();
    }

    @Override
    public LatencySummary latencyTotal() {
        return stats.latency().total();
    }

    @Override
    public int bufferedMillis() {
        return voices.maxBufferedMillis();
    }

    @Override
    public long concealed() {
        return voices.concealed();
    }

    /** True when a microphone meets a speaker (the case of {@link #HEADPHONES_HINT}). */
    public boolean echoPossible() {
        return source instanceof MicrophoneSource && sink instanceof SpeakerSink;
    }

    /** "Voice: sending the microphone; the others' voices go to the speaker." and the hint when it applies. */
    public String describe() {
        return "Voice: sending " + (source == null ? "nothing (no microphone)" : "the " + source.description())
                + "; the others' voices go to " + (sink instanceof NullSink ? "no sound output (counted only)"
                : "the " + sink.description()) + "." + (echoPossible() ? " " + HEADPHONES_HINT : "");
    }

    /** Stops both threads, then releases the source and the sink. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (source != null) {
            source.close(); // ends a read waiting for the microphone
            sendLoop.close();
        }
        playout.close();
        sink.close();
        voices.clear();
    }
}
