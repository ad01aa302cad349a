package dev.duplex.bench.video;

import dev.duplex.bench.BenchReport;
import dev.duplex.bench.BenchSettings;
import dev.duplex.bench.Benchmark;
import dev.duplex.bench.GcActivity;
import dev.duplex.bench.ThreadProfile;
import dev.duplex.core.session.WireFormat;
import dev.duplex.video.codec.OpenCv;
import dev.duplex.video.pipeline.JpegFrameDecoder;
import dev.duplex.video.stats.LatencySummary;

/**
 * Item 1: what the codec allows for the synthetic frames at JPEG quality 90 on this machine, and
 * what calls at the maximum rate deliver, in the same run, at 640x480 and at 1280x720:
 * <ol type="a">
 *   <li>the one-thread limit: min(encode, decode) fps, each stage alone on one thread;</li>
 *   <li>the measured codec-only full-duplex limit: two encode → decode pipelines at once, no
 *       network, each encoder handing every JPEG to its decoder through a blocking hand-off of one
 *       (nothing wasted), fps per direction; on a machine with fewer than four cores the two sides
 *       of a call share the cores, so this, not (a), is what a full-duplex call can reach;</li>
 *   <li>a one-direction call (one sender, one receiver) with its ratio to (a);</li>
 *   <li>the full-duplex call, fps per direction, with its ratios to (b) and to (a).</li>
 * </ol>
 */
public final class VideoThroughputBenchmark implements Benchmark {
    private static final int QUALITY = 90;

    @Override
    public String name() {
        return "video-throughput";
    }

    @Override
    public String description() {
        return "JPEG q90 codec limits (1 thread; 2 pipelines) vs one-way and full-duplex calls at max rate, "
                + "640x480 and 1280x720";
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

    /** What one call delivered: fps into each side (the listening side only, for a one-way call). */
    private record CallRates(double toListening, double toConnecting, double encodedPerSender,
                             double heldShare, double replacedPerSecond, double gcPerSecond,
                             double gcMillisPerSecond, LatencySummary latency, ThreadProfile profile) {
    }

    private static void measure(int width, int height, double seconds, BenchSettings s, BenchReport r)
            throws Exception {
        String k = width + "x" + height;
        // Time: 1/10 each for one-thread encode and decode, 1/5 each for the pipelines, the
        // one-way call and the full-duplex call (warm-ups included).
        try (PrerenderedFrames frames = new PrerenderedFrames(width, height, 30, QUALITY)) {
            s.progress("%s: measuring the codec limits (%.0f s)...", k, seconds * 0.4);
            CodecLimit.singleThread(frames, QUALITY, Math.min(1, seconds / 20)); // warm-up
            CodecLimit.Rates single = CodecLimit.singleThread(frames, QUALITY, seconds / 10);
            CodecLimit.Rates pipelines = CodecLimit.fullDuplex(frames, QUALITY, seconds / 5);
            double singleLimit = Math.min(single.encodeFps(), single.decodeFps());
            double duplexLimit = Math.min(pipelines.encodeFps(), pipelines.decodeFps());
            // For reference, computed: both directions' encoders and decoders sharing the cores.
            int cores = Runtime.getRuntime().availableProcessors();
            double cpuLimit = Math.min(singleLimit,
                    cores / (2 * (1 / single.encodeFps() + 1 / single.decodeFps())));
            r.put(k + "_jpeg_bytes", frames.meanJpegBytes());
            r.put(k + "_encode_fps_1thread", single.encodeFps());
            r.put(k + "_decode_fps_1thread", single.decodeFps());
            r.put(k + "_encode_ms_mean", single.encodeMeanMs());
            r.put(k + "_decode_ms_mean", single.decodeMeanMs());
            r.put(k + "_limit_fps_1thread", singleLimit);
            r.put(k + "_limit_fps_fullduplex_cpu_computed", cpuLimit);
            r.put(k + "_limit_fps_fullduplex_codec_only", duplexLimit);
            r.put(k + "_encode_ms_mean_fullduplex_codec_only", pipelines.encodeMeanMs());
            r.put(k + "_decode_ms_mean_fullduplex_codec_only", pipelines.decodeMeanMs());
            s.progress("  (a) one thread: encode %.0f fps, decode %.0f fps: limit %.1f fps", single.encodeFps(),
                    single.decodeFps(), singleLimit);
            s.progress("  (b) two encode->decode pipelines, no network: %.1f fps per direction "
                    + "(computed from (a) for %d cores: %.1f)", duplexLimit, cores, cpuLimit);

            s.progress("%s: one-direction call at max rate (%.0f s)...", k, seconds / 5);
            CallRates oneWay = call(frames, seconds / 5, false);
            r.put(k + "_oneway_fps", oneWay.toListening());
            r.put(k + "_oneway_encoded_fps", oneWay.encodedPerSender());
            r.put(k + "_oneway_encoder_held_share", oneWay.heldShare());
            r.put(k + "_oneway_replaced_unseen_fps", oneWay.replacedPerSecond());
            r.put(k + "_oneway_gc_per_s", oneWay.gcPerSecond());
            r.put(k + "_oneway_gc_ms_per_s", oneWay.gcMillisPerSecond());
            r.put(k + "_oneway_latency_p50_ms", oneWay.latency().p50Ms());
            r.put(k + "_oneway_latency_p99_ms", oneWay.latency().p99Ms());
            r.put(k + "_oneway_process_cpu_cores", oneWay.profile().processCores());
            r.put(k + "_oneway_ratio_to_limit_1thread", oneWay.toListening() / singleLimit);
            s.progress("  (c) delivered %.1f fps (encoded %.1f, %.1f replaced unseen; encoder held by flow control "
                            + "%.0f %% of the time): %.0f %% of the one-thread limit", oneWay.toListening(),
                    oneWay.encodedPerSender(), oneWay.replacedPerSecond(), 100 * oneWay.heldShare(),
                    100 * oneWay.toListening() / singleLimit);

            s.progress("%s: full-duplex call at max rate (%.0f s)...", k, seconds / 5);
            CallRates duplex = call(frames, seconds / 5, true);
            double worst = Math.min(duplex.toListening(), duplex.toConnecting());
            r.put(k + "_call_fps_connecting_to_listening", duplex.toListening());
            r.put(k + "_call_fps_listening_to_connecting", duplex.toConnecting());
            r.put(k + "_call_encoded_fps_per_side", duplex.encodedPerSender());
            r.put(k + "_call_encoder_held_share", duplex.heldShare());
            r.put(k + "_call_replaced_unseen_fps_per_side", duplex.replacedPerSecond());
            r.put(k + "_call_gc_per_s", duplex.gcPerSecond());
            r.put(k + "_call_gc_ms_per_s", duplex.gcMillisPerSecond());
            r.put(k + "_call_latency_p50_ms", duplex.latency().p50Ms());
            r.put(k + "_call_latency_p99_ms", duplex.latency().p99Ms());
            r.put(k + "_call_process_cpu_cores", duplex.profile().processCores());
            r.put(k + "_ratio_to_limit_1thread", worst / singleLimit);
            r.put(k + "_ratio_to_limit_fullduplex_codec_only", worst / duplexLimit);
            r.put(k + "_ratio_to_limit_fullduplex_cpu_computed", worst / cpuLimit);
            s.progress("  (d) delivered %.1f fps and %.1f fps (encoded %.1f per side, %.1f replaced unseen; encoders "
                            + "held %.0f %% of the time): %.0f %% of (b), the measured full-duplex codec limit; %.0f %% "
                            + "of (a), the one-thread limit",
                    duplex.toListening(), duplex.toConnecting(), duplex.encodedPerSender(), duplex.replacedPerSecond(),
                    100 * duplex.heldShare(),
                    100 * worst / duplexLimit, 100 * worst / singleLimit);
            r.line("%s ratios: (c) one-way / (a) one-thread = %.2f; (d) full-duplex worse direction / (b) measured "
                            + "full-duplex codec limit = %.2f, / (a) = %.2f, / computed CPU limit = %.2f", k,
                    oneWay.toListening() / singleLimit, worst / duplexLimit, worst / singleLimit, worst / cpuLimit);
            r.line("%s one-way call at max rate, CPU by thread (JIT and GC only in the first line):", k);
            r.line("%s", oneWay.profile().table());
            r.line("%s full-duplex call at max rate, CPU by thread (both peers; JIT and GC only in the first line):", k);
            r.line("%s", duplex.profile().table());
        }
    }

    /** A call at max rate for {@code seconds} (warm-up included); {@code bothSend} false: one-way. */
    private static CallRates call(PrerenderedFrames frames, double seconds, boolean bothSend) throws Exception {
        double warm = Math.min(2, seconds / 5);
        try (DirectCall call = new DirectCall(
                new VideoPeer(frames, QUALITY, 0, true, new JpegFrameDecoder()),
                new VideoPeer(frames, QUALITY, 0, true, new JpegFrameDecoder()), WireFormat.DUPLEX, bothSend)) {
            Thread.sleep((long) (warm * 1000));
            long a0 = call.listening.stats.displayed.sum();
            long b0 = call.connecting.stats.displayed.sum();
            long e0 = call.listening.stats.encoded.sum() + call.connecting.stats.encoded.sum();
            long h0 = call.listening.stats.heldByReceiverNanos.sum() + call.connecting.stats.heldByReceiverNanos.sum();
            long d0 = call.listening.stats.droppedReceive.sum() + call.connecting.stats.droppedReceive.sum();
            call.listening.stats.latency().interval();
            call.connecting.stats.latency().interval();
            long t0 = System.nanoTime();
            ThreadProfile profile = new ThreadProfile().start();
            GcActivity gc = new GcActivity();
            Thread.sleep((long) ((seconds - warm) * 1000));
            profile.stop();
            double wall = (System.nanoTime() - t0) / 1e9;
            double toListening = (call.listening.stats.displayed.sum() - a0) / wall;
            double toConnecting = (call.connecting.stats.displayed.sum() - b0) / wall;
            double encoded = (call.listening.stats.encoded.sum() + call.connecting.stats.encoded.sum() - e0) / wall
                    / (bothSend ? 2 : 1);
            double held = (call.listening.stats.heldByReceiverNanos.sum()
                    + call.connecting.stats.heldByReceiverNanos.sum() - h0) / 1e9 / wall / (bothSend ? 2 : 1);
            double replaced = (call.listening.stats.droppedReceive.sum() + call.connecting.stats.droppedReceive.sum()
                    - d0) / wall / (bothSend ? 2 : 1);
            LatencySummary la = call.listening.stats.latency().interval();
            LatencySummary lb = call.connecting.stats.latency().interval();
            LatencySummary worse = !bothSend || la.p99Ms() >= lb.p99Ms() ? la : lb;
            return new CallRates(toListening, toConnecting, encoded, held, replaced, gc.count() / wall,
                    gc.millis() / wall, worse, profile);
        }
    }
}
