package dev.duplex.bench.audio;

import dev.duplex.bench.BenchReport;
import dev.duplex.bench.BenchSettings;
import dev.duplex.bench.Benchmark;
import dev.duplex.bench.micro.MicroBenchmarks;
import dev.duplex.video.audio.Pcm;
import dev.duplex.video.audio.VoiceEncoder;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * {@code ./duplex bench opus}: what one voice costs to encode and decode with the app's Concentus
 * and with native libopus (FFmpeg), by JMH ({@link OpusCodecBenchmark}, {@link FfmpegOpusBenchmark}):
 * microseconds per 20 ms frame (median, mean and 99th percentile of every operation timed), the
 * median as a share of one core, bytes allocated per frame, and the packets' mean size. libopus is measured only where FFmpeg's natives are on the class path (the
 * benchmarks module's, not the distribution's).
 */
public final class OpusBenchmarks implements Benchmark {
    @Override
    public String name() {
        return "opus";
    }

    /** True where native libopus can be measured (FFmpeg's natives on the class path). */
    public static boolean libopusAvailable() {
        try {
            // Checked before FfmpegOpus is loaded at all: without FFmpeg on the class path it would not link.
            Class.forName("org.bytedeco.ffmpeg.global.avcodec", false, OpusBenchmarks.class.getClassLoader());
            return FfmpegOpus.available();
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @Override
    public String description() {
        return "JMH: Opus encode/decode per 20 ms voice frame, Concentus (the app's) vs native libopus (FFmpeg)";
    }

    @Override
    public int defaultSeconds() {
        return 60;
    }

    @Override
    public BenchReport run(BenchSettings s) throws Exception {
        BenchReport r = new BenchReport(name());
        boolean ffmpeg = libopusAvailable();
        int methods = ffmpeg ? 8 : 4; // two operations x two complexities per codec
        ChainedOptionsBuilder options = MicroBenchmarks.timed(new OptionsBuilder()
                .include(OpusCodecBenchmark.class.getName())
                .addProfiler(GCProfiler.class)
                .shouldFailOnError(true), s, methods);
        if (ffmpeg) {
            options.include(FfmpegOpusBenchmark.class.getName());
        }
        if (s.smoke()) {
            options.param("complexity", String.valueOf(VoiceEncoder.DEFAULT_COMPLEXITY));
        }
        s.progress("JMH: %d benchmark methods%s...", methods, ffmpeg ? "" : " (FFmpeg not on the class path: Concentus only)");
        Collection<RunResult> results = new Runner(options.build()).run();
        for (RunResult result : results) {
            String method = result.getParams().getBenchmark();
            String label = method.substring(method.lastIndexOf('.') + 1) + "_c" + result.getParams().getParam("complexity");
            Result<?> primary = result.getPrimaryResult();
            double median = primary.getStatistics().getPercentile(50);
            r.put(label + "_us_per_frame_p50", median);
            r.put(label + "_us_per_frame_mean", primary.getScore());
            r.put(label + "_us_per_frame_p99", primary.getStatistics().getPercentile(99));
            r.put(label + "_core_share_per_stream", median / Pcm.FRAME_MICROS);
            Result<?> alloc = result.getSecondaryResults().get("gc.alloc.rate.norm");
            if (alloc != null) {
                r.put(label + "_alloc_bytes_per_frame", alloc.getScore());
            }
        }
        packetSizes(r, ffmpeg);
        if (!ffmpeg) {
            r.line("libopus was not measured: FFmpeg's natives are not on this class path (they are on the "
                    + "benchmarks module's; see BENCHMARKS.md).");
        }
        return r;
    }

    /** Mean packet size of each encoder on the same second of speech: both must spend the same bits. */
    private static void packetSizes(BenchReport r, boolean ffmpeg) {
        List<short[]> frames = SpeechLike.frames(50);
        VoiceEncoder concentus = new VoiceEncoder();
        r.put("concentus_mean_packet_bytes", frames.stream().mapToInt(f -> concentus.encode(f).length).average()
                .orElse(0));
        if (ffmpeg) {
            byte[] packet = new byte[VoiceEncoder.MAX_PACKET_BYTES];
            try (FfmpegOpus.Encoder libopus = new FfmpegOpus.Encoder(VoiceEncoder.DEFAULT_BITRATE,
                    VoiceEncoder.DEFAULT_COMPLEXITY)) {
                r.put("libopus_mean_packet_bytes", frames.stream().mapToInt(f -> libopus.encode(f, packet)).average()
                        .orElse(0));
            }
        }
    }
}
