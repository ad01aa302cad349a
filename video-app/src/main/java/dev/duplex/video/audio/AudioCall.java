package dev.duplex.video.audio;

import dev.duplex.core.session.AudioMessage;
import dev.duplex.core.session.PresenceEvent;
import dev.duplex.core.session.Session;
import dev.duplex.core.session.SessionListener;
import dev.duplex.core.session.SessionState;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The voice of a call, beside its video:
 * <pre>
 * source (paces itself) → capture thread: level, mute, Opus encode → Session.sendAudio
 * event loop → [jitter buffer per sender] → playout thread every 20 ms: decode / FEC / conceal,
 *   mix, volume → sink
 * </pre>
 * As a {@link SessionListener} it takes the packets and forgets senders that left. {@link #close()}
 * stops both threads and releases the microphone, the speaker or the files.
 */
public final class AudioCall implements SessionListener, AutoCloseable {
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
     * Starts the playout and, with a source, the capture thread. The call owns {@code source} and
     * {@code sink} from here on and closes them.
     *
     * @param source    the local voice, or empty to only listen (no microphone)
     * @param sink      where the others' voices go
     * @param session   the session to send to now (null while there is none)
     * @param maxVoices most remote voices played at once
     */
    public static AudioCall start(Optional<AudioSource> source, AudioSink sink, Supplier<Session> session,
                                  int maxVoices) {
        AudioCall call = new AudioCall(source.orElse(null), sink, session, maxVoices);
        call.playout.start();
        if (call.sendLoop != null) {
            call.sendLoop.start();
        }
        return call;
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
    public void onStateChanged(Session session, SessionState state, String reason) {
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
