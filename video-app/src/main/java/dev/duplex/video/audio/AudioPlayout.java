package dev.duplex.video.audio;

import dev.duplex.core.transport.Clock;
import dev.duplex.video.pipeline.Worker;
import java.util.Arrays;

/**
 * The playout thread: every 20 ms, by its own clock, it asks each remote voice's jitter buffer what
 * to play, decodes it (or rebuilds it from FEC, or conceals it), mixes the voices, applies the
 * volume and hands one frame to the sink. Mouth-to-ear delay is measured here, for each packet
 * played: from its capture at the sender to the moment its sound leaves the sink.
 */
public final class AudioPlayout extends Worker {
    private final RemoteVoices voices;
    private final AudioSink sink;
    private final AudioControls controls;
    private final AudioStats stats;
    private final short[] frame = Pcm.newFrame();
    private final short[] out = Pcm.newFrame();
    private final int[] mix = new int[Pcm.FRAME_SAMPLES];

    public AudioPlayout(RemoteVoices voices, AudioSink sink, AudioControls controls, AudioStats stats) {
        super("duplex-audio-playout");
        this.voices = voices;
        this.sink = sink;
        this.controls = controls;
        this.stats = stats;
    }

    @Override
    protected void work() throws InterruptedException {
        FrameClock clock = new FrameClock(5);
        while (running()) {
            clock.awaitFrameEnd();
            playOneFrame();
        }
    }

    /** One 20 ms slot of every voice, mixed into the sink. */
    void playOneFrame() {
        Arrays.fill(mix, 0);
        for (RemoteVoice voice : voices.all()) {
            JitterBuffer.Slot slot = voice.buffer.poll();
            switch (slot.action()) {
                case PLAY -> {
                    voice.decoder.decode(slot.packet().opus(), frame);
                    long delay = Clock.nowMicros() + sink.bufferedMicros() - slot.packet().captureTimeMicros();
                    stats.latency().record(delay);
                    voice.playoutDelayMicros(delay);
                }
                case RECOVER -> voice.decoder.recover(slot.packet().opus(), frame);
                case CONCEAL -> voice.decoder.conceal(frame);
                case SILENCE -> {
                    voice.level(0);
                    continue;
                }
            }
            voice.level(Pcm.level(frame));
            for (int i = 0; i < mix.length; i++) {
                mix[i] += frame[i];
            }
        }
        float volume = controls.volume();
        for (int i = 0; i < out.length; i++) {
            int v = Math.round(mix[i] * volume);
            out[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
        }
        sink.play(out);
        stats.played.increment();
        voices.removeIdle(System.nanoTime());
    }
}
