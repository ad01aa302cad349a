package dev.duplex.bench.audio;

import dev.duplex.video.audio.Pcm;
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
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH: native libopus through FFmpeg ({@link FfmpegOpus}) on the same frames and settings as
 * {@link OpusCodecBenchmark}; it decodes the packets the app's encoder made (Opus is one bitstream).
 * Run only where FFmpeg's natives are on the class path.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FfmpegOpusBenchmark {
    @Param({"5", "10"})
    public int complexity;

    private List<short[]> frames;
    private byte[][] packets;
    private FfmpegOpus.Encoder encoder;
    private FfmpegOpus.Decoder decoder;
    private final byte[] packet = new byte[VoiceEncoder.MAX_PACKET_BYTES];
    private final short[] out = Pcm.newFrame();
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        if (!OpusBenchmarks.libopusAvailable()) {
            throw new IllegalStateException("FFmpeg with libopus is not on the class path.");
        }
        frames = SpeechLike.frames(50);
        encoder = new FfmpegOpus.Encoder(VoiceEncoder.DEFAULT_BITRATE, complexity);
        packets = frames.stream().map(new VoiceEncoder(VoiceEncoder.DEFAULT_BITRATE, complexity)::encode)
                .toArray(byte[][]::new);
        decoder = new FfmpegOpus.Decoder();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        encoder.close();
        decoder.close();
    }

    @Benchmark
    public int libopusEncode() {
        return encoder.encode(frames.get(next++ % frames.size()), packet);
    }

    @Benchmark
    public int libopusDecode() {
        return decoder.decode(packets[next++ % packets.length], out);
    }
}
