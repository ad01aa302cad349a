package dev.duplex.video.audio;

/** Plays nothing: for machines without sound output, servers and tests (the audio is still decoded and counted). */
public final class NullSink implements AudioSink {
    @Override
    public void play(short[] frame) {
    }

    @Override
    public String description() {
        return "no sound output";
    }

    @Override
    public void close() {
    }
}
