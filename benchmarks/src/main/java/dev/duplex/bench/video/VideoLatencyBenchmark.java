package dev.duplex.bench.video;

import dev.duplex.bench.BenchReport;
import dev.duplex.bench.BenchSettings;
import dev.duplex.bench.Benchmark;
import dev.duplex.bench.GcActivity;
import dev.duplex.bench.HostLoad;
import dev.duplex.bench.JitActivity;
import dev.duplex.core.session.DirectListener;
import dev.duplex.core.session.DirectPeer;
import dev.duplex.core.session.Session;
import dev.duplex.core.session.VideoMessage;
import dev.duplex.core.session.WireFormat;
import dev.duplex.core.transport.Clock;
import dev.duplex.video.call.CallConnection;
import dev.duplex.video.codec.EncodeSettings;
import dev.duplex.video.codec.JpegEncoder;
import dev.duplex.video.codec.OpenCv;
import dev.duplex.video.pipeline.CaptureLoop;
import dev.duplex.video.pipeline.DecodeLoop;
import dev.duplex.video.pipeline.DisplaySink;
import dev.duplex.video.pipeline.EncodeLoop;
import dev.duplex.video.pipeline.FrameDecoder;
import dev.duplex.video.pipeline.JpegFrameDecoder;
import dev.duplex.video.pipeline.LatestPerKey;
import dev.duplex.video.pipeline.LatestSlot;
import dev.duplex.video.pipeline.VideoReceiver;
import dev.duplex.video.source.CapturedFrame;
import dev.duplex.video.stats.CallStats;
import dev.duplex.video.stats.LatencyRecorder;
import dev.duplex.video.stats.LatencySummary;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Item 2: capture-to-decoded latency of 640x480 video at 30 fps, first unloaded (a full-duplex
 * call), then with receivers that decode only 5 frames a second: duplex's (latest-frame slot) and
 * one built the lecture's way (unbounded queue), fed by the same sender in the same run, with
 * their latency and memory over time.
 */
public final class VideoLatencyBenchmark implements Benchmark {
    private static final int QUALITY = 90;
    private static final int FPS = 30;
    private static final long SLOW_DECODE_MILLIS = 200;

    @Override
    public String name() {
        return "video-latency";
    }

    @Override
    public String description() {
        return "capture-to-decoded latency at 30 fps unloaded, then with a 5 fps receiver: duplex vs an unbounded queue";
    }

    @Override
    public int defaultSeconds() {
        return 80;
    }

    @Override
    public BenchReport run(BenchSettings s) throws Exception {
        OpenCv.load();
        BenchReport r = new BenchReport(name());
        int width = s.smoke() ? 320 : 640;
        int height = s.smoke() ? 240 : 480;
        double unloadedSeconds = s.smoke() ? 1.5 : Math.max(2, s.seconds() / 4.0);
        double slowSeconds = s.smoke() ? 2 : Math.max(3, s.seconds() - unloadedSeconds);
        r.put("width", width).put("height", height).put("fps", FPS).put("quality", QUALITY);
        try (PrerenderedFrames frames = new PrerenderedFrames(width, height, 30, QUALITY)) {
            unloaded(frames, unloadedSeconds, s, r);
            slowReceiver(frames, slowSeconds, s, r);
        }
        return r;
    }

    private static void unloaded(PrerenderedFrames frames, double seconds, BenchSettings s, BenchReport r)
            throws Exception {
        CodecLimit.singleThread(frames, QUALITY, 0.5);
        CodecLimit.Rates codec = CodecLimit.singleThread(frames, QUALITY, Math.min(3, seconds / 4));
        putCodec(r, "", codec);
        double target = codec.encodeMeanMs() + codec.decodeMeanMs() + 5;
        r.put("unloaded_target_p99_ms", target);
        // With the cameras in phase both peers' encoders, then both decoders, run at the same instant
        // on this machine's cores; and a call runs its codec once a frame, not in a tight loop. What
        // each takes then, for reading the call's stages against.
        CodecLimit.Rates two = CodecLimit.twoAtOnce(frames, QUALITY, Math.min(3, seconds / 4));
        putCodec(r, "two_at_once", two);
        CodecLimit.Rates paced = CodecLimit.paced(frames, QUALITY, FPS, Math.min(3, seconds / 4));
        putCodec(r, "paced", paced);
        r.line("JPEG codec: %s", JpegEncoder.implementation());
        // C2's compiling took a core from the call at moments and doubled its tail on two cores
        // (BENCHMARKS.md, section 2): the launcher starts `duplex video` with C1 only.
        boolean c1Only = JitActivity.c1Only();
        r.put("jit_c1_only", c1Only ? 1 : 0);
        r.line("JIT: %s", c1Only ? "C1 only, as the launcher runs `duplex video`"
                : "C1 and C2; the launcher runs `duplex video` with C1 only (to measure the call as it runs there: "
                        + "DUPLEX_JAVA_OPTS=-XX:TieredStopAtLevel=1)");
        s.progress("codec (%s): encode %.2f ms, decode %.2f ms on one thread; %.2f and %.2f ms each with two at once; "
                        + "%.2f and %.2f ms at %d fps", JpegEncoder.implementation(), codec.encodeMeanMs(), codec.decodeMeanMs(), two.encodeMeanMs(),
                two.decodeMeanMs(), paced.encodeMeanMs(), paced.decodeMeanMs(), FPS);
        // Both peers run in this process, on one machine's cores: started together, their cameras
        // tick in phase and all their threads want the cores at every frame; half a frame apart, as
        // two independent cameras might be, they mostly take turns.
        unloadedCall(frames, seconds / 2, 0, "unloaded", target, s, r);
        unloadedCall(frames, seconds / 2, TimeUnit.MILLISECONDS.toNanos(1000 / FPS / 2), "unloaded_offset", target, s, r);
    }

    /**
     * The codec's means and p99s, as {@code encode_<how>_ms_mean} and so on
     * (no infix for the one-thread loop).
     */
    private static void putCodec(BenchReport r, String how, CodecLimit.Rates rates) {
        String infix = how.isEmpty() ? "" : "_" + how;
        r.put("encode" + infix + "_ms_mean", rates.encodeMeanMs());
        r.put("decode" + infix + "_ms_mean", rates.decodeMeanMs());
        r.put("encode" + infix + "_ms_p99", rates.encodeMicros().getValueAtPercentile(99) / 1000.0);
        r.put("decode" + infix + "_ms_p99", rates.decodeMicros().getValueAtPercentile(99) / 1000.0);
    }

    /**
     * What the codec took inside the call (its encoder and decoder threads, since the window began),
     * the worse of the two peers, as {@code <prefix>_p50_ms} and {@code <prefix>_p99_ms}: the codec
     * run once per frame is often slower than in the back-to-back loop the target is computed from.
     */
    private static void putCallCodec(BenchReport r, String prefix, LatencyRecorder one, LatencyRecorder other) {
        LatencySummary a = one.interval();
        LatencySummary b = other.interval();
        r.put(prefix + "_p50_ms", Math.max(a.p50Ms(), b.p50Ms()));
        r.put(prefix + "_p99_ms", Math.max(a.p99Ms(), b.p99Ms()));
    }

    private static void unloadedCall(PrerenderedFrames frames, double seconds, long offsetNanos, String key,
                                     double target, BenchSettings s, BenchReport r) throws Exception {
        s.progress("unloaded full-duplex call at %d fps for %.0f s, the peers' cameras %s...", FPS, seconds,
                offsetNanos == 0 ? "in phase" : "half a frame apart");
        StageClock stages = new StageClock();
        try (DirectCall call = new DirectCall(
                new VideoPeer(frames, QUALITY, FPS, false, stages.decoder(new JpegFrameDecoder()), stages.tap()),
                new VideoPeer(frames, QUALITY, FPS, false, stages.decoder(new JpegFrameDecoder()), stages.tap()),
                WireFormat.DUPLEX, true, offsetNanos)) {
            // The JIT is not waited for here: at 30 fps its compilers still worked for 0.5-1.1 s of CPU
            // in a 9 s window after waiting up to 21 s for them. A C1-only JVM (almost no such work),
            // as the launcher runs `duplex video`, is what took the tail away (BENCHMARKS.md, section 2).
            double warm = Math.min(1, seconds / 3);
            Thread.sleep((long) (warm * 1000));
            for (VideoPeer peer : List.of(call.listening, call.connecting)) {
                peer.stats.latency().interval();
                peer.stats.encodeTime().interval();
                peer.stats.decodeTime().interval();
            }
            stages.start();
            long a0 = call.listening.stats.displayed.sum();
            GcActivity gc = new GcActivity();
            JitActivity jit = new JitActivity();
            HostLoad host = new HostLoad();
            long t0 = System.nanoTime();
            Thread.sleep((long) ((seconds - warm) * 1000));
            double wall = (System.nanoTime() - t0) / 1e9;
            LatencySummary a = call.listening.stats.latency().interval();
            LatencySummary b = call.connecting.stats.latency().interval();
            r.put(key + "_gc_count", gc.count()).put(key + "_gc_ms", gc.millis());
            r.put(key + "_jit_ms", jit.millis());
            r.put(key + "_other_processes_cpu_cores", host.otherCores());
            r.put(key + "_stolen_cores", host.stolenCores());
            r.put(key + "_fps", (call.listening.stats.displayed.sum() - a0) / wall);
            r.put(key + "_frames_measured", a.count() + b.count());
            r.put(key + "_p50_ms", Math.max(a.p50Ms(), b.p50Ms()));
            r.put(key + "_p99_ms", Math.max(a.p99Ms(), b.p99Ms()));
            r.put(key + "_max_ms", Math.max(a.maxMs(), b.maxMs()));
            // Both peers share this process's clock: each one's heartbeat estimate of the other's
            // clock offset is its error, which the headline latency (corrected by it) carries.
            long offsetA = call.listening.session().stats().clockOffsetMicros();
            long offsetB = call.connecting.session().stats().clockOffsetMicros();
            r.put(key + "_clock_offset_error_us", Math.max(Math.abs(offsetA), Math.abs(offsetB)));
            putCallCodec(r, key + "_call_encode", call.listening.stats.encodeTime(), call.connecting.stats.encodeTime());
            putCallCodec(r, key + "_call_decode", call.listening.stats.decodeTime(), call.connecting.stats.decodeTime());
            s.progress("  p50 %.1f ms, p99 %.1f ms, max %.1f ms (target p99 <= %.1f ms); JIT compiling %d ms of CPU",
                    r.get(key + "_p50_ms"), r.get(key + "_p99_ms"), r.get(key + "_max_ms"), target,
                    (long) r.get(key + "_jit_ms"));
            s.progress("  each way: to the listening peer p50 %.1f, p99 %.1f ms; to the connecting peer p50 %.1f, "
                    + "p99 %.1f ms", a.p50Ms(), a.p99Ms(), b.p50Ms(), b.p99Ms());
            s.progress("  the codec in the call: encode p50 %.1f, p99 %.1f ms; decode p50 %.1f, p99 %.1f ms; the peers' "
                            + "estimates of each other's clock offset (truly 0): %d and %d µs",
                    r.get(key + "_call_encode_p50_ms"), r.get(key + "_call_encode_p99_ms"),
                    r.get(key + "_call_decode_p50_ms"), r.get(key + "_call_decode_p99_ms"), offsetA, offsetB);
            r.line("Unloaded call, cameras %s: where the time goes per frame (one clock, both peers in this process):",
                    offsetNanos == 0 ? "in phase" : "half a frame apart");
            stages.report().forEach(line -> r.line("  %s", line));
        }
    }

    private static void slowReceiver(PrerenderedFrames frames, double seconds, BenchSettings s, BenchReport r)
            throws Exception {
        s.progress("slow receivers (decode %d ms per frame) against a %d fps sender for %.0f s...", SLOW_DECODE_MILLIS,
                FPS, seconds);
        CallStats ours = new CallStats(new EncodeSettings(QUALITY, 1));
        LatestPerKey<String, VideoMessage> slots = new LatestPerKey<>(4, m -> ours.droppedReceive.increment());
        DisplaySink oursDisplay = frame -> ours.onDisplayed(frame.captureMicros());
        LatencyRecorder oursWait = new LatencyRecorder();
        LatencyRecorder lectureWait = new LatencyRecorder();
        DecodeLoop oursDecoder = new DecodeLoop(slots, slow(new JpegFrameDecoder(), oursWait), oursDisplay, ours);
        QueueingReceiver lecture = new QueueingReceiver(slow(new JpegFrameDecoder(), lectureWait));
        CallStats sender = new CallStats(new EncodeSettings(QUALITY, 1));
        LatestSlot<CapturedFrame> captureSlot = new LatestSlot<>(CapturedFrame::close);
        List<double[]> rows = new ArrayList<>();
        Runtime rt = Runtime.getRuntime();
        try (DirectListener oursPeer = DirectPeer.builder().nickname("ours").config(CallConnection.videoConfig())
                .listener(new VideoReceiver(slots, ours, oursDisplay)).listen("127.0.0.1", 0);
             DirectListener lecturePeer = DirectPeer.builder().nickname("lecture").config(CallConnection.videoConfig())
                     .listener(lecture).listen("127.0.0.1", 0);
             Session toOurs = connect(oursPeer);
             Session toLecture = connect(lecturePeer);
             CaptureLoop capture = new CaptureLoop(new ReplaySource(frames, FPS, null), FPS, captureSlot, sender,
                     m -> { });
             EncodeLoop encoder = new EncodeLoop(captureSlot, sender,
                     (w, h, t, jpeg) -> toOurs.sendVideo(w, h, t, jpeg) & toLecture.sendVideo(w, h, t, jpeg),
                     oursDisplay)) {
            oursDecoder.start();
            lecture.start();
            encoder.start();
            capture.start();
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            long next = start;
            while (System.nanoTime() < end) {
                next += 1_000_000_000L;
                Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
                LatencySummary o = ours.latency().interval();
                LatencySummary l = lecture.latency.interval();
                rows.add(new double[] {(System.nanoTime() - start) / 1e9, o.p99Ms(), l.p99Ms(), slots.size(),
                    lecture.queue.size(), lecture.queuedBytes(), (rt.totalMemory() - rt.freeMemory()) / 1e6});
            }
            LatencySummary o = ours.latency().total();
            LatencySummary l = lecture.latency.total();
            double[] last = rows.get(rows.size() - 1);
            r.put("slow_seconds", seconds);
            r.put("slow_sender_encoded_fps", sender.encoded.sum() / seconds);
            r.put("slow_duplex_shown_fps", ours.displayed.sum() / seconds);
            r.put("slow_duplex_dropped", ours.droppedReceive.sum());
            r.put("slow_duplex_p50_ms", o.p50Ms()).put("slow_duplex_p99_ms", o.p99Ms()).put("slow_duplex_max_ms", o.maxMs());
            LatencySummary ow = oursWait.total();
            LatencySummary lw = lectureWait.total();
            r.put("slow_duplex_wait_p50_ms", ow.p50Ms()).put("slow_duplex_wait_p99_ms", ow.p99Ms())
                    .put("slow_duplex_wait_max_ms", ow.maxMs());
            r.put("slow_lecture_wait_p50_ms", lw.p50Ms()).put("slow_lecture_wait_p99_ms", lw.p99Ms());
            r.put("slow_duplex_held_frames_max", rows.stream().mapToDouble(x -> x[3]).max().orElse(0));
            r.put("slow_duplex_held_bytes_max", rows.stream().mapToDouble(x -> x[3]).max().orElse(0)
                    * frames.meanJpegBytes());
            r.put("slow_lecture_shown_fps", lecture.displayed.get() / seconds);
            r.put("slow_lecture_p50_ms", l.p50Ms()).put("slow_lecture_p99_ms", l.p99Ms()).put("slow_lecture_max_ms", l.maxMs());
            r.put("slow_lecture_held_frames_end", last[4]);
            r.put("slow_lecture_held_bytes_end", last[5]);
            r.put("slow_lecture_last_second_p99_ms", last[2]);
            r.put("slow_duplex_last_second_p99_ms", last[1]);
            r.line("Latency (p99 of the frames shown in each second) and memory held by each receive pipeline:");
            r.line("%6s | %14s %12s | %14s %12s %12s | %10s", "t (s)", "duplex p99 ms", "duplex held", "lecture p99 ms",
                    "lecture held", "lecture MB", "JVM heap MB");
            int every = Math.max(1, rows.size() / 20);
            for (int i = 0; i < rows.size(); i++) {
                if (i % every == every - 1 || i == rows.size() - 1) {
                    double[] x = rows.get(i);
                    r.line("%6.0f | %14.0f %12.0f | %14.0f %12.0f %12.1f | %10.0f", x[0], x[1], x[3], x[2], x[4],
                            x[5] / 1e6, x[6]);
                }
            }
            r.line("(held: frames waiting between the socket and the decoder; duplex holds at most one per sender)");
        } finally {
            oursDecoder.close();
            lecture.close();
            captureSlot.close();
            slots.close();
        }
    }

    private static Session connect(DirectListener listener) throws Exception {
        return DirectPeer.builder().nickname("sender").config(CallConnection.videoConfig())
                .connect("127.0.0.1", listener.localAddress().getPort()).get(10, TimeUnit.SECONDS);
    }

    /**
     * A receiver whose decoding takes 200 ms a frame (5 fps), as on a slow machine; {@code waited}
     * records capture to the start of decoding (what the pipeline, not the slow decoder, adds).
     */
    private static FrameDecoder slow(FrameDecoder decoder, LatencyRecorder waited) {
        return message -> {
            waited.record(Clock.nowMicros() - message.captureTimeMicros());
            long start = System.nanoTime();
            var frame = decoder.decode(message);
            long left = TimeUnit.MILLISECONDS.toNanos(SLOW_DECODE_MILLIS) - (System.nanoTime() - start);
            if (left > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return frame;
        };
    }
}
