package dev.duplex.video.audio;

import dev.duplex.core.session.Session;
import dev.duplex.video.pipeline.Worker;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The voice's capture thread: reads 20 ms from the source (which paces it), measures its loudness
 * for the meter, and, unless muted (or push-to-talk is not held) and while the connection takes
 * audio, encodes it and offers it to the session, which never blocks.
 */
public final class AudioSendLoop extends Worker {
    private static final Logger log = LoggerFactory.getLogger(AudioSendLoop.class);

    private final AudioSource source;
    private final VoiceEncoder encoder;
    private final AudioControls controls;
    private final Supplier<Session> session;
    private final AudioStats stats;

    public AudioSendLoop(AudioSource source, VoiceEncoder encoder, AudioControls controls, Supplier<Session> session,
                         AudioStats stats) {
        super("duplex-audio-capture");
        this.source = source;
        this.encoder = encoder;
        this.controls = controls;
        this.session = session;
        this.stats = stats;
    }

    @Override
    protected void work() throws InterruptedException {
        short[] frame = Pcm.newFrame();
        while (running()) {
            long captured = source.read(frame);
            if (captured == AudioSource.END) {
                if (running()) {
                    log.info("The {} stopped delivering sound.", source.description());
                }
                return;
            }
            stats.captured.increment();
            stats.localLevel(Pcm.level(frame));
            if (!controls.transmitting()) {
                stats.muted.increment();
                continue;
            }
            Session s = session.get();
            if (s == null || !s.audioNegotiated()) {
                stats.notNegotiated.increment();
                continue;
            }
            byte[] packet = encoder.encode(frame);
            stats.encoded.increment();
            stats.encodedBytes.add(packet.length);
            s.sendAudio(captured, packet);
        }
    }

    @Override
    protected void finished() {
        stats.localLevel(0);
    }
}
