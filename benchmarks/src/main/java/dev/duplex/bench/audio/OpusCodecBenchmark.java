package dev.duplex.bench.audio;

import dev.duplex.video.audio.Pcm;
import dev.duplex.video.audio.VoiceDecoder;
import dev.duplex.video.audio.VoiceEncoder;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JMH: the app's Opus codec (Concentus, pure Java) encoding and decoding one voice, 20 ms of
 * speech-like sound per operation, at encoder complexity 5 and 10, every operation timed (so the
 * median stays what an undisturbed frame costs on a busy machine). Time per frame divided by 20 ms
 * is the share of one core a stream costs. {@link FfmpegOpusBenchmark} measures native libopus the
 * same way.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class OpusCodecBenchmark {
    @Param({"5", "10"})
    public int complexity;

    private List<short[]> frames;
    private byte[][] packets;
    private VoiceEncoder encoder;
    private VoiceDecoder decoder;
    private final short[] out = Pcm.newFrame();
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        frames = SpeechLike.frames(50);
        encoder = new VoiceEncoder(VoiceEncoder.DEFAULT_BITRATE, complexity);
        packets = frames.stream().map(new VoiceEncoder(VoiceEncoder.DEFAULT_BITRATE, complexity)::encode)
                .toArray(byte[][]::new);
        decoder = new VoiceDecoder();
    }

    @Benchmark
    public int concentusEncode() {
        return encoder.encode(frames.get(next++ % frames.size())).length;
    }

    @Benchmark
    public short concentusDecode() {
        decoder.decode(packets[next++ % packets.length], out);
        return out[100];
    }
}
