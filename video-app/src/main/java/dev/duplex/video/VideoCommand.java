package dev.duplex.video;

import dev.duplex.core.security.Fingerprint;
import dev.duplex.core.security.KnownHosts;
import dev.duplex.core.security.TlsOptions;
import dev.duplex.core.security.TrustPrompt;
import dev.duplex.core.session.HostPort;
import dev.duplex.core.session.WireFormat;
import dev.duplex.video.audio.AudioOptions;
import dev.duplex.video.audio.AudioSinkSpec;
import dev.duplex.video.audio.AudioSourceSpec;
import dev.duplex.video.headless.HeadlessRun;
import dev.duplex.video.source.SourceSpec;
import dev.duplex.video.ui.VideoWindow;
import java.awt.GraphicsEnvironment;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code duplex video}: full-duplex video chat with bounded latency, 1:1 like the lecture
 * ({@code --listen} / {@code --connect}) or in a relay room, with a window or headless. With
 * {@code --compat lecture} a direct call speaks the lecture's own format, so that the other side can
 * be the lecture's Python video server or client (Homework 12.2).
 * Bad arguments are usage errors (exit code 2); a failure to connect or to open the requested
 * source prints a sentence and exits with 1.
 */
@Command(name = "video", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Full-duplex video chat: camera, synthetic test pattern or file; latest frame wins at every hand-off.",
            "1:1 like the lecture: one side --listen, the other --connect HOST. Without either: join a relay room."
        },
        footer = {
            "",
            "Examples:",
            "  duplex video --listen                       wait for a peer on port 9999",
            "  duplex video --connect 192.168.0.7          call that peer",
            "  duplex video --room demo --nick alice       join room 'demo' on the relay at 127.0.0.1:24100",
            "  duplex video --connect 127.0.0.1 --source synthetic --headless --seconds 10",
            "  duplex video --room demo --audio-source tone --audio-sink null --headless   a test tone, heard by no one",
            "  duplex video --compat lecture --listen      wait for the lecture's Python video client (9999)"
        })
public final class VideoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--listen", arity = "0..1", fallbackValue = "9999", paramLabel = "PORT",
            description = "Wait for one peer to connect directly (port default: 9999).")
    Integer listen;

    @Option(names = "--connect", paramLabel = "HOST[:PORT]",
            description = "Connect directly to a listening peer (port default: 9999).")
    String connect;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "0.0.0.0",
            description = "Address to listen on with --listen (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--host", paramLabel = "HOST[:PORT][,HOST[:PORT]...]",
            description = "Relay host (default: 127.0.0.1); several nodes of a relay cluster separated by commas, "
                    + "tried in turn when a connection is lost.")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "Relay port (default: 24100).")
    Integer port;

    @Option(names = "--compat", paramLabel = "duplex|lecture", defaultValue = "duplex",
            description = "Wire format of a direct call: duplex (default), or lecture to talk to the lecture's "
                    + "Python video chat (no encryption, no names, no latency measurement, no sound).")
    String compat;

    @Option(names = "--plaintext",
            description = "No TLS: anyone on the network can see and change the video (default: TLS).")
    boolean plaintext;

    @Option(names = "--fingerprint", paramLabel = "SHA256:...",
            description = "The relay's or listening peer's identity, known ahead (else trusted on first use and "
                    + "remembered in <duplex home>/known_hosts).")
    String fingerprint;

    @Option(names = "--nick", paramLabel = "NAME", description = "Your name (default: user name and a random suffix).")
    String nick;

    @Option(names = "--room", paramLabel = "ROOM", description = "Relay room (default: lobby).")
    String room;

    @Option(names = "--source", paramLabel = "auto|synthetic|camera|FILE", defaultValue = "auto",
            description = "Picture source (default: ${DEFAULT-VALUE}: the camera, else the synthetic pattern).")
    String source;

    @Option(names = "--device", paramLabel = "INDEX", defaultValue = "0",
            description = "Camera index (default: ${DEFAULT-VALUE}).")
    int device;

    @Option(names = "--width", defaultValue = "640", description = "Capture width (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--height", defaultValue = "480", description = "Capture height (default: ${DEFAULT-VALUE}).")
    int height;

    @Option(names = "--fps", defaultValue = "30", description = "Frames per second at most (default: ${DEFAULT-VALUE}).")
    int fps;

    @Option(names = "--quality", defaultValue = "90",
            description = "JPEG quality to start with and return to, 1-100 (default: ${DEFAULT-VALUE}).")
    int quality;

    @Option(names = "--min-quality", defaultValue = "30",
            description = "Lowest JPEG quality before the picture is made smaller (default: ${DEFAULT-VALUE}).")
    int minQuality;

    @Option(names = "--no-adapt", description = "Keep the quality and size fixed, whatever the link does.")
    boolean noAdapt;

    @Option(names = "--video-window", paramLabel = "N", defaultValue = "2",
            description = "Direct calls: frames on the way to or being decoded at the peer before this side waits "
                    + "to encode the next (receiver-driven flow control; 0 = off; default: ${DEFAULT-VALUE}). "
                    + "Raise it on links with a long round trip.")
    int videoWindow;

    @Option(names = "--start-kbps", paramLabel = "KBPS", defaultValue = "" + VideoOptions.DEFAULT_START_KBPS,
            description = "The adaptive quality's budget when a call starts, in kbit/s; it climbs from there while "
                    + "the link shows no queue (0 = the best picture until the link pushes back; default: "
                    + "${DEFAULT-VALUE}).")
    long startKbps;

    @Option(names = "--audio-source", paramLabel = "auto|mic|tone[:HZ]|FILE.wav", defaultValue = "auto",
            description = "Your voice (default: ${DEFAULT-VALUE}: the microphone, else nothing is sent). tone sends "
                    + "440 Hz (tone:1000 another frequency); a WAV file is spoken in a loop.")
    String audioSource;

    @Option(names = "--audio-sink", paramLabel = "auto|speaker|null|FILE.wav", defaultValue = "auto",
            description = "Where the others' voices go (default: ${DEFAULT-VALUE}: the speaker, else nowhere); null "
                    + "decodes and counts them only; a WAV file records them.")
    String audioSink;

    @Option(names = "--no-audio", description = "Video only: send no voice and receive none.")
    boolean noAudio;

    @Option(names = "--headless", description = "No window: print stats every second and a summary line at the end.")
    boolean headless;

    @Option(names = "--seconds", paramLabel = "N",
            description = "Stop after N seconds (headless: default until the connection ends).")
    Integer seconds;

    @Override
    public Integer call() {
        VideoOptions options = options();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Duration duration = seconds == null ? null : Duration.ofSeconds(seconds);
        if (headless) {
            return HeadlessRun.run(options, duration, out, err);
        }
        if (GraphicsEnvironment.isHeadless()) {
            err.println("No display is available: run with --headless, or set DISPLAY.");
            return 1;
        }
        out.println("Opening the video window (" + options.describeConnection() + ")...");
        out.flush();
        // The window shows at once; a failure to start is shown there and printed once, here.
        try (VideoWindow window = VideoWindow.open(options, notice -> {
            out.println(notice);
            out.flush();
        })) {
            boolean running = window.started().handle((call, failure) -> failure == null).join();
            if (running) {
                for (String line : window.introduction()) {
                    out.println(line);
                }
                out.flush();
            }
            window.awaitClosed(duration);
            return running ? 0 : 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /** The options these arguments describe; a usage error (exit code 2) if they do not fit together. */
    VideoOptions options() {
        if (listen != null && connect != null) {
            throw usage("Choose --listen or --connect, not both.");
        }
        if (listen != null && port != null) {
            throw usage("--port is the relay's port: to listen on port " + port + ", write --listen=" + port + ".");
        }
        boolean direct = listen != null || connect != null;
        WireFormat format = wireFormat();
        if (format.isLecture() && (host != null || port != null || room != null)) {
            throw usage("--compat lecture is direct mode only: --host, --port and --room are relay options; "
                    + "use --listen [PORT] or --connect HOST[:PORT].");
        }
        if (format.isLecture() && !direct) {
            throw usage("--compat lecture talks to one peer directly: add --listen [PORT] or --connect HOST[:PORT].");
        }
        if (direct && (host != null || port != null || room != null)) {
            throw usage("--host, --port and --room are for relay mode; with --listen or --connect leave them out.");
        }
        if (seconds != null && seconds <= 0) {
            throw usage("--seconds: " + seconds + " (expected: > 0)");
        }
        try {
            VideoOptions.Builder b = VideoOptions.builder();
            if (listen != null) {
                b.listen(bind, listen);
            } else if (connect != null) {
                HostPort target = HostPort.parse(connect, VideoOptions.DEFAULT_DIRECT_PORT);
                b.connect(target.host(), target.port());
            } else {
                int relayPort = port != null ? port : VideoOptions.DEFAULT_RELAY_PORT;
                if (host != null) {
                    HostPort.parseList(host, relayPort); // a bad address is told now, not when connecting
                }
                b.relay(host != null ? host : "127.0.0.1", relayPort);
                if (room != null) {
                    b.room(room);
                }
            }
            if (nick != null) {
                b.nickname(nick);
            }
            b.tls(tls(format, listen != null));
            b.audio(audio(format));
            return b.wireFormat(format).source(SourceSpec.parse(source)).device(device).size(width, height).fps(fps)
                    .quality(quality).minQuality(Math.min(minQuality, quality)).adaptive(!noAdapt).videoWindow(videoWindow)
                    .startKbps(startKbps).build();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    /** Voice as asked: off with --no-audio, never in the lecture's format (its programs have no sound). */
    private AudioOptions audio(WireFormat format) {
        boolean devicesNamed = !"auto".equalsIgnoreCase(audioSource.strip())
                || !"auto".equalsIgnoreCase(audioSink.strip());
        if (format.isLecture() && devicesNamed) {
            throw usage("--compat lecture is video only (the lecture's programs have no sound): leave out "
                    + "--audio-source and --audio-sink.");
        }
        if (noAudio && devicesNamed) {
            throw usage("--no-audio turns voice off: leave out --audio-source and --audio-sink.");
        }
        if (noAudio || format.isLecture()) {
            return AudioOptions.OFF;
        }
        return AudioOptions.of(AudioSourceSpec.parse(audioSource), AudioSinkSpec.parse(audioSink));
    }

    /**
     * TLS unless --plaintext or the lecture's format: the listening side presents its persistent
     * identity, a connecting side trusts on first use (printing the fingerprint) or pins --fingerprint.
     */
    private TlsOptions tls(WireFormat format, boolean listening) {
        if (fingerprint != null && (plaintext || format.isLecture())) {
            throw usage("--fingerprint checks a TLS identity: it does not go with --plaintext or --compat lecture.");
        }
        if (fingerprint != null && listening) {
            throw usage("--fingerprint is the identity of the side you connect to: leave it out with --listen.");
        }
        if (plaintext || format.isLecture()) {
            return null;
        }
        if (listening) {
            try {
                return TlsOptions.peer();
            } catch (IllegalStateException e) {
                throw usage(e.getMessage() + " (or use --plaintext)");
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        return TlsOptions.client(KnownHosts.openDefault(), TrustPrompt.acceptNew(contact -> {
            out.println(contact.sentence());
            out.flush();
        }), fingerprint == null ? null : Fingerprint.parse(fingerprint));
    }

    private WireFormat wireFormat() {
        return switch (compat == null ? "duplex" : compat.strip().toLowerCase(Locale.ROOT)) {
            case "duplex" -> WireFormat.DUPLEX;
            case "lecture" -> WireFormat.LECTURE_VIDEO;
            default -> throw usage("--compat " + compat + ": expected duplex or lecture.");
        };
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
