package dev.duplex.bench.lecture;

import dev.duplex.bench.BenchReport;
import dev.duplex.bench.BenchSettings;
import dev.duplex.bench.Benchmark;
import dev.duplex.bench.video.DirectCall;
import dev.duplex.bench.video.PrerenderedFrames;
import dev.duplex.bench.video.VideoPeer;
import dev.duplex.core.session.DirectPeer;
import dev.duplex.core.session.Session;
import dev.duplex.core.session.VideoMessage;
import dev.duplex.core.session.WireFormat;
import dev.duplex.video.call.CallConnection;
import dev.duplex.video.codec.OpenCv;
import dev.duplex.video.pipeline.FrameDecoder;
import dev.duplex.video.pipeline.JpegFrameDecoder;
import dev.duplex.video.stats.LatencySummary;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Item 6: the lecture's video chat against duplex's lecture-compatible mode, in one run, all at
 * 320x240, JPEG quality 90, 30 fps as the lecture's programs send: (a) the lecture's Python server
 * and client together; (b) duplex in the lecture's wire format against the Python server; (c)
 * duplex in the lecture's format on both sides; (d) duplex in its own format on both sides. Frames
 * per second both ways for each; latency where it can be measured (not for the Python programs:
 * their format has no timestamp and they cannot be changed to carry one).
 */
public final class LectureVideoBenchmark implements Benchmark {
    private static final int WIDTH = 320;
    private static final int HEIGHT = 240;
    private static final int FPS = 30;
    private static final int QUALITY = 90;
    private static final String MANY = "1000000";

    @Override
    public String name() {
        return "lecture";
    }

    @Override
    public String description() {
        return "the lecture's Python video chat vs duplex's lecture-compatible mode: fps both ways and latency";
    }

    @Override
    public int defaultSeconds() {
        return 40;
    }

    @Override
    public BenchReport run(BenchSettings s) throws Exception {
        OpenCv.load();
        BenchReport r = new BenchReport(name());
        double phase = s.smoke() ? 1.5 : Math.max(2, s.seconds() / 4.0);
        r.put("phase_seconds", phase);
        boolean python = LecturePython.available();
        try (PrerenderedFrames frames = new PrerenderedFrames(WIDTH, HEIGHT, 90, QUALITY)) {
            r.put("duplex_jpeg_bytes", frames.meanJpegBytes());
            if (python) {
                if (!s.smoke()) {
                    // The smoke run starts Python once (below), which is enough to show it works.
                    pythonPair(phase, s, r);
                }
                duplexAgainstPython(frames, phase, s, r);
            } else {
                r.line("%s with cv2 is not installed (apt-get install python3-opencv): the Python phases were skipped.",
                        LecturePython.PYTHON);
            }
            javaPair(frames, WireFormat.LECTURE_VIDEO, "duplex_lecture_format", phase, s, r);
            javaPair(frames, WireFormat.DUPLEX, "duplex_own_format", phase, s, r);
        }
        return r;
    }

    private static void pythonPair(double seconds, BenchSettings s, BenchReport r) throws Exception {
        s.progress("lecture's Python server + Python client for %.0f s...", seconds);
        int port = freePort();
        try (LecturePython server = LecturePython.start("video_server.py", "127.0.0.1", Integer.toString(port), MANY,
                Double.toString(seconds + 2))) {
            if (!server.awaitOutput("Waitint for client", Duration.ofSeconds(30))) {
                throw new IllegalStateException("The lecture's Python server did not start: " + server.output());
            }
            try (LecturePython client = LecturePython.start("video_client.py", "127.0.0.1", Integer.toString(port),
                    MANY, Double.toString(seconds))) {
                client.waitFor(Duration.ofSeconds((long) seconds + 20));
                server.waitFor(Duration.ofSeconds(20));
                long toClient = client.receivedFrames();
                long toServer = server.receivedFrames();
                if (toClient < 0 || toServer < 0) {
                    throw new IllegalStateException("The lecture's Python programs did not report their frames: "
                            + server.output() + client.output());
                }
                r.put("python_pair_fps_server_to_client", toClient / seconds);
                r.put("python_pair_fps_client_to_server", toServer / seconds);
                r.put("python_pair_cpu_cores", (client.cpu().toNanos() + server.cpu().toNanos()) / 1e9 / seconds);
                s.progress("  server -> client %.1f fps, client -> server %.1f fps, Python CPU %.2f cores",
                        toClient / seconds, toServer / seconds, r.get("python_pair_cpu_cores"));
            }
        }
    }

    private static void duplexAgainstPython(PrerenderedFrames frames, double seconds, BenchSettings s, BenchReport r)
            throws Exception {
        s.progress("duplex (lecture format) connecting to the lecture's Python server for %.0f s...", seconds);
        int port = freePort();
        try (LecturePython server = LecturePython.start("video_server.py", "127.0.0.1", Integer.toString(port), MANY,
                Double.toString(seconds + 1))) {
            if (!server.awaitOutput("Waitint for client", Duration.ofSeconds(30))) {
                throw new IllegalStateException("The lecture's Python server did not start: " + server.output());
            }
            VideoPeer peer = new VideoPeer(frames, QUALITY, FPS, false, new JpegFrameDecoder());
            peer.startReceiving();
            Session session = DirectPeer.builder().nickname("duplex").wireFormat(WireFormat.LECTURE_VIDEO)
                    .config(CallConnection.videoConfig()).listener(peer.listener())
                    .connect("127.0.0.1", port).get(10, TimeUnit.SECONDS);
            long t0 = System.nanoTime();
            double wall;
            try (peer) {
                peer.startSending(session);
                Thread.sleep((long) (seconds * 1000));
                wall = (System.nanoTime() - t0) / 1e9;
                r.put("duplex_vs_python_fps_python_to_duplex", peer.stats.displayed.sum() / wall);
                r.put("duplex_vs_python_sent_fps", peer.stats.encoded.sum() / wall);
            }
            server.waitFor(Duration.ofSeconds(20));
            long toPython = server.receivedFrames();
            if (toPython < 0) {
                throw new IllegalStateException("The lecture's Python server did not report its frames: "
                        + server.output());
            }
            r.put("duplex_vs_python_fps_duplex_to_python", toPython / wall);
            r.put("duplex_vs_python_python_cpu_cores", server.cpu().toNanos() / 1e9 / wall);
            s.progress("  duplex -> Python %.1f fps, Python -> duplex %.1f fps",
                    r.get("duplex_vs_python_fps_duplex_to_python"), r.get("duplex_vs_python_fps_python_to_duplex"));
        }
    }

    private static void javaPair(PrerenderedFrames frames, WireFormat format, String key, double seconds,
                                 BenchSettings s, BenchReport r) throws Exception {
        s.progress("duplex on both sides, %s, for %.0f s...", format, seconds);
        ContentClock fromListening = new ContentClock();
        ContentClock fromConnecting = new ContentClock();
        boolean lecture = format == WireFormat.LECTURE_VIDEO;
        VideoPeer listening = new VideoPeer(frames, QUALITY, FPS, false,
                lecture ? byContent(fromConnecting) : new JpegFrameDecoder(), fromListening::sent);
        VideoPeer connecting = new VideoPeer(frames, QUALITY, FPS, false,
                lecture ? byContent(fromListening) : new JpegFrameDecoder(), fromConnecting::sent);
        try (DirectCall call = new DirectCall(listening, connecting, format)) {
            Thread.sleep(1000);
            long a0 = listening.stats.displayed.sum();
            long b0 = connecting.stats.displayed.sum();
            listening.stats.latency().interval();
            connecting.stats.latency().interval();
            long t0 = System.nanoTime();
            Thread.sleep((long) ((seconds - 1) * 1000));
            double wall = (System.nanoTime() - t0) / 1e9;
            LatencySummary la = listening.stats.latency().interval();
            LatencySummary lb = connecting.stats.latency().interval();
            r.put(key + "_fps_connecting_to_listening", (listening.stats.displayed.sum() - a0) / wall);
            r.put(key + "_fps_listening_to_connecting", (connecting.stats.displayed.sum() - b0) / wall);
            r.put(key + "_latency_p50_ms", Math.max(la.p50Ms(), lb.p50Ms()));
            r.put(key + "_latency_p99_ms", Math.max(la.p99Ms(), lb.p99Ms()));
            r.put(key + "_latency_max_ms", Math.max(la.maxMs(), lb.maxMs()));
            s.progress("  %.1f fps and %.1f fps, latency p50 %.1f ms, p99 %.1f ms",
                    r.get(key + "_fps_connecting_to_listening"), r.get(key + "_fps_listening_to_connecting"),
                    r.get(key + "_latency_p50_ms"), r.get(key + "_latency_p99_ms"));
        }
    }

    /** Decodes with the capture time looked up by content (the lecture format carries none). */
    private static FrameDecoder byContent(ContentClock clock) {
        JpegFrameDecoder decoder = new JpegFrameDecoder();
        return m -> decoder.decode(new VideoMessage(m.sender(), m.sequence(), clock.captureOf(m.jpeg()), m.width(),
                m.height(), m.jpeg(), m.receivedMicros()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
