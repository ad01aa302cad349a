package dev.duplex.bench.audio;

import dev.duplex.bench.BenchReport;
import dev.duplex.bench.BenchSettings;
import dev.duplex.bench.Benchmark;
import dev.duplex.bench.HostLoad;
import dev.duplex.bench.video.PrerenderedFrames;
import dev.duplex.video.codec.OpenCv;
import dev.duplex.video.stats.LatencySummary;

/**
 * {@code ./duplex bench audio}: mouth-to-ear delay of voice in a direct call on loopback, both ways,
 * measured for every packet played (capture of its first sample at the sender to the moment the
 * playout hands it to the sound output; no device, so a speaker's own buffer comes on top). Three
 * phases on fresh calls: voice alone; with 640x480 video at 30 fps both ways on the same connection
 * (the app's full rate); with video as fast as the JPEG codec goes both ways (the connection and
 * both cores saturated), after a first call that warms the JIT up. Targets: p99 below 150 ms alone,
 * below 200 ms with full-rate video.
 */
public final class AudioLatencyBenchmark implements Benchmark {
    private static final int QUALITY = 90;

    @Override
    public String name() {
        return "audio";
    }

    @Override
    public String description() {
        return "voice mouth-to-ear delay in a direct call: alone, with 30 fps video, with video at the codec's maximum";
    }

    @Override
    public int defaultSeconds() {
        return 60;
    }

    @Override
    public BenchReport run(BenchSettings s) throws Exception {
        OpenCv.load();
        BenchReport r = new BenchReport(name());
        int width = s.smoke() ? 320 : 640;
        int height = s.smoke() ? 240 : 480;
        double phase = s.smoke() ? 1.5 : Math.max(5, s.seconds() / 3.0);
        r.put("width", width).put("height", height).put("video_quality", QUALITY);
        try (PrerenderedFrames frames = new PrerenderedFrames(width, height, 30, QUALITY)) {
            // A first call the JIT compiles the codec in (its first seconds would be a cold start's, not the call's).
            s.progress("warming up: a voice call of %.0f s, not measured...", Math.min(3, phase));
            try (VoiceCall warmup = new VoiceCall(frames, QUALITY, 30, false)) {
                Thread.sleep((long) (Math.min(3, phase) * 1000));
            }
            measure("alone", null, 0, false, phase, s, r);
            measure("video30", frames, 30, false, phase, s, r);
            measure("videomax", frames, 0, true, phase, s, r);
        }
        r.put("target_alone_p99_ms", 150).put("target_video30_p99_ms", 200);
        r.line("Delay: capture of a packet's first sample to its playout (to no device: add the speaker's buffer, "
                + "20-60 ms). It includes 20 ms of framing, the jitter buffer (40-60 ms) and the 20 ms playout tick.");
        r.line("transit: capture to arrival at the receiver (the sender's threads and the connection); the rest of "
                + "the delay is the jitter buffer and the playout.");
        return r;
    }

    private static void measure(String name, PrerenderedFrames frames, double fps, boolean maxRate, double seconds,
                                BenchSettings s, BenchReport r) throws Exception {
        s.progress("%s: voice both ways%s for %.0f s...", name, frames == null ? ""
                : maxRate ? " with video at the codec's maximum both ways" : " with " + (int) fps + " fps video both ways",
                seconds);
        try (VoiceCall call = new VoiceCall(frames, QUALITY, fps, maxRate)) {
            double warmup = Math.min(2, seconds / 3);
            Thread.sleep((long) (warmup * 1000));
            call.listeningVoice.latencyInterval();
            call.connectingVoice.latencyInterval();
            call.listeningVoice.stats().transit().interval();
            call.connectingVoice.stats().transit().interval();
            long concealed0 = call.listeningVoice.concealed() + call.connectingVoice.concealed();
            long late0 = call.listeningVoice.voices().late() + call.connectingVoice.voices().late();
            long shown0 = frames == null ? 0 : call.listeningVideo.stats.displayed.sum()
                    + call.connectingVideo.stats.displayed.sum();
            HostLoad host = new HostLoad();
            long t0 = System.nanoTime();
            Thread.sleep((long) ((seconds - warmup) * 1000));
            double wall = (System.nanoTime() - t0) / 1e9;
            LatencySummary a = call.listeningVoice.latencyInterval();
            LatencySummary b = call.connectingVoice.latencyInterval();
            r.put(name + "_packets_measured", a.count() + b.count());
            r.put(name + "_p50_ms", Math.max(a.p50Ms(), b.p50Ms()));
            r.put(name + "_p99_ms", Math.max(a.p99Ms(), b.p99Ms()));
            r.put(name + "_max_ms", Math.max(a.maxMs(), b.maxMs()));
            LatencySummary ta = call.listeningVoice.stats().transit().interval();
            LatencySummary tb = call.connectingVoice.stats().transit().interval();
            r.put(name + "_transit_p50_ms", Math.max(ta.p50Ms(), tb.p50Ms()));
            r.put(name + "_transit_p99_ms", Math.max(ta.p99Ms(), tb.p99Ms()));
            r.put(name + "_concealed", call.listeningVoice.concealed() + call.connectingVoice.concealed() - concealed0);
            r.put(name + "_late", call.listeningVoice.voices().late() + call.connectingVoice.voices().late() - late0);
            r.put(name + "_jitter_buffer_ms", Math.max(call.listeningVoice.bufferedMillis(),
                    call.connectingVoice.bufferedMillis()));
            if (frames != null) {
                r.put(name + "_video_fps_each_way", (call.listeningVideo.stats.displayed.sum()
                        + call.connectingVideo.stats.displayed.sum() - shown0) / wall / 2);
                r.put(name + "_video_p50_ms", Math.max(call.listeningVideo.stats.latency().total().p50Ms(),
                        call.connectingVideo.stats.latency().total().p50Ms()));
            }
            r.put(name + "_other_processes_cpu_cores", host.otherCores());
            r.put(name + "_stolen_cores", host.stolenCores());
            s.progress("  voice p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d packets)", r.get(name + "_p50_ms"),
                    r.get(name + "_p99_ms"), r.get(name + "_max_ms"), a.count() + b.count());
        }
    }
}
