package dev.duplex.bench.video;

import dev.duplex.bench.BenchReport;
import dev.duplex.bench.BenchSettings;
import dev.duplex.bench.Benchmark;
import dev.duplex.bench.ThreadProfile;
import dev.duplex.core.session.WireFormat;
import dev.duplex.video.codec.OpenCv;
import dev.duplex.video.pipeline.JpegFrameDecoder;
import dev.duplex.video.stats.LatencySummary;

/**
 * Item 1: the codec limit of the synthetic frames at JPEG quality 90 on this machine, then a
 * full-duplex 1:1 call at the maximum rate in the same run: delivered fps per direction and its
 * ratio to the limit; at 640x480 and at 1280x720.
 */
public final class VideoThroughputBenchmark implements Benchmark {
    private static final int QUALITY = 90;

    @Override
    public String name() {
        return "video-throughput";
    }

    @Override
    public String description() {
        return "JPEG q90 encode/decode limit vs a full-duplex 1:1 call at max rate, 640x480 and 1280x720";
    }

    @Override
    public int defaultSeconds() {
        return 60;
    }

    @Override
    public BenchReport run(BenchSettings s) throws Exception {
        OpenCv.load();
        BenchReport r = new BenchReport(name());
        int[][] sizes = s.smoke() ? new int[][] {{320, 240}} : new int[][] {{640, 480}, {1280, 720}};
        double perSize = (double) s.seconds() / sizes.length;
        for (int[] size : sizes) {
            measure(size[0], size[1], perSize, s, r);
        }
        return r;
    }

    private static void measure(int width, int height, double seconds, BenchSettings s, BenchReport r)
            throws Exception {
        String k = width + "x" + height;
        // Limit: 1/8 of the time each for single-thread encode and decode, 1/4 for the concurrent codec load.
        try (PrerenderedFrames frames = new PrerenderedFrames(width, height, 30, QUALITY)) {
            s.progress("%s: measuring the codec limit (%.0f s)...", k, seconds / 2);
            CodecLimit.singleThread(frames, QUALITY, Math.min(1, seconds / 16)); // warm-up
            CodecLimit.Rates single = CodecLimit.singleThread(frames, QUALITY, seconds / 8);
            CodecLimit.Rates duplex = CodecLimit.fullDuplex(frames, QUALITY, seconds / 4);
            double singleLimit = Math.min(single.encodeFps(), single.decodeFps());
            double duplexLimit = Math.min(duplex.encodeFps(), duplex.decodeFps());
            // Both directions' encoder and decoder share the cores: per direction at most
            // cores / (2 x (encode time + decode time)), and never more than the slower stage alone.
            int cores = Runtime.getRuntime().availableProcessors();
            double cpuLimit = Math.min(singleLimit,
                    cores / (2 * (1 / single.encodeFps() + 1 / single.decodeFps())));
            r.put(k + "_jpeg_bytes", frames.meanJpegBytes());
            r.put(k + "_encode_fps_1thread", single.encodeFps());
            r.put(k + "_decode_fps_1thread", single.decodeFps());
            r.put(k + "_encode_ms_mean", single.encodeMeanMs());
            r.put(k + "_decode_ms_mean", single.decodeMeanMs());
            r.put(k + "_limit_fps_1thread", singleLimit);
            r.put(k + "_limit_fps_fullduplex_cpu", cpuLimit);
            r.put(k + "_encode_fps_fullduplex_codec_only", duplex.encodeFps());
            r.put(k + "_decode_fps_fullduplex_codec_only", duplex.decodeFps());
            r.put(k + "_limit_fps_fullduplex_codec_only", duplexLimit);
            s.progress("  encode %.0f fps, decode %.0f fps on one thread; %.0f / %.0f fps per direction with 2+2 "
                    + "codec threads", single.encodeFps(), single.decodeFps(), duplex.encodeFps(), duplex.decodeFps());

            s.progress("%s: full-duplex call at max rate (%.0f s)...", k, seconds / 2);
            double warm = Math.min(2, seconds / 10);
            try (DirectCall call = new DirectCall(
                    new VideoPeer(frames, QUALITY, 0, true, new JpegFrameDecoder()),
                    new VideoPeer(frames, QUALITY, 0, true, new JpegFrameDecoder()), WireFormat.DUPLEX)) {
                Thread.sleep((long) (warm * 1000));
                long a0 = call.listening.stats.displayed.sum();
                long b0 = call.connecting.stats.displayed.sum();
                long e0 = call.listening.stats.encoded.sum() + call.connecting.stats.encoded.sum();
                call.listening.stats.latency().interval();
                call.connecting.stats.latency().interval();
                long t0 = System.nanoTime();
                ThreadProfile profile = new ThreadProfile().start();
                Thread.sleep((long) ((seconds / 2 - warm) * 1000));
                profile.stop();
                double wall = (System.nanoTime() - t0) / 1e9;
                double toListening = (call.listening.stats.displayed.sum() - a0) / wall;
                double toConnecting = (call.connecting.stats.displayed.sum() - b0) / wall;
                double encodedPerSide = (call.listening.stats.encoded.sum() + call.connecting.stats.encoded.sum() - e0)
                        / wall / 2;
                LatencySummary la = call.listening.stats.latency().interval();
                LatencySummary lb = call.connecting.stats.latency().interval();
                r.put(k + "_call_fps_connecting_to_listening", toListening);
                r.put(k + "_call_fps_listening_to_connecting", toConnecting);
                r.put(k + "_call_encoded_fps_per_side", encodedPerSide);
                r.put(k + "_call_latency_p50_ms", Math.max(la.p50Ms(), lb.p50Ms()));
                r.put(k + "_call_latency_p99_ms", Math.max(la.p99Ms(), lb.p99Ms()));
                double worst = Math.min(toListening, toConnecting);
                r.put(k + "_call_process_cpu_cores", profile.processCores());
                r.line("%s call at max rate, CPU by thread (both peers; JIT and GC only in the first line):", k);
                r.line("%s", profile.table());
                r.put(k + "_ratio_to_limit_1thread", worst / singleLimit);
                r.put(k + "_ratio_to_limit_fullduplex_codec_only", worst / duplexLimit);
                r.put(k + "_ratio_to_limit_fullduplex_cpu", worst / cpuLimit);
                s.progress("  delivered %.1f fps and %.1f fps (encoded %.1f per side): %.0f %% of the one-thread limit, "
                                + "%.0f %% of the full-duplex CPU limit, %.0f %% of the measured 2+2-thread codec rate",
                        toListening, toConnecting, encodedPerSide, 100 * worst / singleLimit, 100 * worst / cpuLimit,
                        100 * worst / duplexLimit);
            }
        }
    }
}
