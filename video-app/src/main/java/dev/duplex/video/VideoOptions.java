package dev.duplex.video;

import dev.duplex.core.protocol.Names;
import dev.duplex.core.security.TlsOptions;
import dev.duplex.core.session.DuplexClient;
import dev.duplex.core.session.HostPort;
import dev.duplex.core.session.WireFormat;
import dev.duplex.core.transport.TransportConfig;
import dev.duplex.video.audio.AudioOptions;
import dev.duplex.video.source.SourceSpec;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Everything a video call needs to know: how to connect (relay, listen, or connect directly),
 * who you are, where the picture comes from and how it is compressed, and whether a direct call
 * speaks the lecture's own video format (to talk to the lecture's Python programs). Immutable;
 * made with {@link #builder()}, which checks every value and names the bad one.
 * <pre>{@code
 * VideoOptions options = VideoOptions.builder()
 *         .relay("127.0.0.1", 24100).nickname("alice").room("demo")
 *         .source(SourceSpec.synthetic())
 *         .build();
 * }</pre>
 */
public final class VideoOptions {
    /** The lecture's port for the 1:1 video chat. */
    public static final int DEFAULT_DIRECT_PORT = 9999;
    /** The relay's port. */
    public static final int DEFAULT_RELAY_PORT = DuplexClient.DEFAULT_PORT;
    /** What a call in the lecture's format gives up, told to the person on screen or console. */
    public static final String LECTURE_NOTICE =
            "Lecture-compatible mode: no encryption, no names, no latency measurement, no sound.";

    /** How the call is connected. */
    public enum Mode {
        /** Join a room on a relay; everyone in the room sees everyone. */
        RELAY,
        /** Wait for one peer to connect directly (the lecture's server). */
        LISTEN,
        /** Connect directly to a listening peer (the lecture's client). */
        CONNECT
    }

    /**
     * Frames of a direct call on the way to or being decoded at the peer before the encoder waits
     * for it: 2 keeps the peer's decoder busy without frames waiting to be replaced unseen.
     */
    public static final int DEFAULT_VIDEO_WINDOW = 2;

    /**
     * The adaptive control's budget at the start of a call in duplex's format, in kbit/s. The start
     * climbs by half once a second while its heartbeats show no queue, so where it begins decides how
     * far above a slow link it lands. 1 000 was twice a 500 kbit/s link: its queue grew by half a second
     * a second until the heartbeats answered behind it showed it, and a relay call's first seconds
     * reached 0.6-1 s of latency. 650 is 1.3 times that link (its queue is cut at the first
     * interval) and its climb (975, 1 462, 2 194) lands 10 % over a 2 Mbit/s one; 500 climbed past
     * both by more (BENCHMARKS.md, section 7, "The start's budget").
     */
    public static final long DEFAULT_START_KBPS = 650;
    /** The largest start budget, in kbit/s (1 Gbit/s). */
    public static final long MAX_START_KBPS = 1_000_000;

    private final Mode mode;
    private final String host;
    private final int port;
    private final String nickname;
    private final String room;
    private final SourceSpec source;
    private final int device;
    private final int width;
    private final int height;
    private final int fps;
    private final int quality;
    private final int minQuality;
    private final boolean adaptive;
    private final int videoWindow;
    private final long startKbps;
    private final int maxRemoteStreams;
    private final Duration connectTimeout;
    private final WireFormat wireFormat;
    private final TlsOptions tls;
    private final AudioOptions audio;

    private VideoOptions(Builder b) {
        this.mode = b.mode;
        this.host = b.host;
        this.port = b.port;
        this.nickname = b.nickname != null ? b.nickname : defaultNickname();
        this.room = b.room;
        this.source = b.source;
        this.device = b.device;
        this.width = b.width;
        this.height = b.height;
        this.fps = b.fps;
        this.quality = b.quality;
        this.minQuality = b.minQuality;
        this.adaptive = b.adaptive;
        this.videoWindow = b.videoWindow;
        this.startKbps = b.startKbps;
        this.maxRemoteStreams = b.maxRemoteStreams;
        this.connectTimeout = b.connectTimeout;
        this.wireFormat = b.wireFormat;
        this.tls = b.tls;
        // The lecture's programs have no sound: a call in their format is video only.
        this.audio = b.wireFormat.isLecture() ? AudioOptions.OFF : b.audio;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.mode = mode;
        b.host = host;
        b.port = port;
        b.nickname = nickname;
        b.room = room;
        b.source = source;
        b.device = device;
        b.width = width;
        b.height = height;
        b.fps = fps;
        b.quality = quality;
        b.minQuality = minQuality;
        b.adaptive = adaptive;
        b.videoWindow = videoWindow;
        b.startKbps = startKbps;
        b.maxRemoteStreams = maxRemoteStreams;
        b.connectTimeout = connectTimeout;
        b.wireFormat = wireFormat;
        b.tls = tls;
        b.audio = audio;
        return b;
    }

    /** "alice-3f2a" from the user name, so two people on one machine do not collide. */
    static String defaultNickname() {
        String user = System.getProperty("user.name", "user").replaceAll("[^\\p{L}\\p{N}_.-]", "");
        if (user.isEmpty()) {
            user = "user";
        }
        if (user.length() > 24) {
            user = user.substring(0, 24);
        }
        return user + "-" + String.format(Locale.ROOT, "%04x", ThreadLocalRandom.current().nextInt(0x10000));
    }

    public Mode mode() {
        return mode;
    }

    /** Relay host, peer host (connect), or bind address (listen). */
    public String host() {
        return host;
    }

    /** Relay port, peer port, or listening port (0 picks a free one). */
    public int port() {
        return port;
    }

    public String nickname() {
        return nickname;
    }

    /** The relay room (relay mode only). */
    public String room() {
        return room;
    }

    public SourceSpec source() {
        return source;
    }

    /** Camera index. */
    public int device() {
        return device;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int fps() {
        return fps;
    }

    /** JPEG quality at the start, and the most the adaptive control returns to. */
    public int quality() {
        return quality;
    }

    /** The lowest JPEG quality before the adaptive control reduces the picture size. */
    public int minQuality() {
        return minQuality;
    }

    /** True if quality and scale follow the link; false keeps {@link #quality()} at full size. */
    public boolean adaptive() {
        return adaptive;
    }

    /**
     * Receiver-driven flow control of a direct call: frames this side may have on the way or being
     * decoded at the peer before it stops encoding (0 = off). Used only when the peer supports it.
     */
    public int videoWindow() {
        return videoWindow;
    }

    /**
     * The adaptive control's budget when a call in duplex's format starts, in kbit/s, from which it
     * climbs while the link shows no queue; 0 starts with the best picture at every frame until the
     * link pushes back. A call in the lecture's format always starts that way (it has no heartbeats
     * to climb by).
     */
    public long startKbps() {
        return startKbps;
    }

    /** Most remote senders decoded at once (relay rooms); frames from more are dropped and counted. */
    public int maxRemoteStreams() {
        return maxRemoteStreams;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * TLS for the connection: client options (trust on first use or a pinned fingerprint) to a relay
     * or a listening peer, server options (this side's identity) when listening; empty for plaintext.
     */
    public Optional<TlsOptions> tls() {
        return Optional.ofNullable(tls);
    }

    /** The voice settings (always off in the lecture's format, which has no sound). */
    public AudioOptions audio() {
        return audio;
    }

    /** {@link WireFormat#DUPLEX}, or {@link WireFormat#LECTURE_VIDEO} for the lecture's programs. */
    public WireFormat wireFormat() {
        return wireFormat;
    }

    /**
     * True in the lecture's format: no encryption, no names (the peer shows as its IP address),
     * no capture times (so no latency measurement), no heartbeats (so no RTT), no sound.
     */
    public boolean lecture() {
        return wireFormat.isLecture();
    }

    /** "relay 127.0.0.1:24100, room lobby" and the like. */
    public String describeConnection() {
        String where = switch (mode) {
            case RELAY -> "relay " + host + ":" + port + ", room " + room;
            case LISTEN -> "listening on " + host + ":" + port;
            case CONNECT -> "peer " + host + ":" + port;
        };
        return lecture() ? where + ", lecture format" : where;
    }

    /** Options of a video call; every value has a default and is checked when set. */
    public static final class Builder {
        private Mode mode = Mode.RELAY;
        private String host = "127.0.0.1";
        private int port = DEFAULT_RELAY_PORT;
        private String nickname;
        private String room = DuplexClient.DEFAULT_ROOM;
        private SourceSpec source = SourceSpec.auto();
        private int device;
        private int width = 640;
        private int height = 480;
        private int fps = 30;
        private int quality = 90;
        private int minQuality = 30;
        private boolean adaptive = true;
        private int videoWindow = DEFAULT_VIDEO_WINDOW;
        private long startKbps = DEFAULT_START_KBPS;
        private int maxRemoteStreams = 16;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private WireFormat wireFormat = WireFormat.DUPLEX;
        private TlsOptions tls;
        private AudioOptions audio = AudioOptions.DEFAULT;

        private Builder() {
        }

        /** Joins {@code room} on the relay at {@code host:port} (the default mode: 127.0.0.1:24100). */
        public Builder relay(String host, int port) {
            this.mode = Mode.RELAY;
            this.host = requireHost(host);
            this.port = checkPort(port, false);
            return this;
        }

        /** Waits for a peer on {@code bindHost:port} (0 picks a free port). */
        public Builder listen(String bindHost, int port) {
            this.mode = Mode.LISTEN;
            this.host = requireHost(bindHost);
            this.port = checkPort(port, true);
            return this;
        }

        /** Connects to a listening peer at {@code host:port}. */
        public Builder connect(String host, int port) {
            this.mode = Mode.CONNECT;
            this.host = requireHost(host);
            this.port = checkPort(port, false);
            return this;
        }

        /** Your name (default: user name plus a random suffix). */
        public Builder nickname(String value) {
            this.nickname = Names.requireNickname(value);
            return this;
        }

        /** The relay room (default {@value DuplexClient#DEFAULT_ROOM}). */
        public Builder room(String value) {
            this.room = Names.requireRoom(value);
            return this;
        }

        /** Where the picture comes from (default auto: camera, else the synthetic pattern). */
        public Builder source(SourceSpec value) {
            this.source = Objects.requireNonNull(value, "source");
            return this;
        }

        /** Camera index (default 0). */
        public Builder device(int value) {
            if (value < 0 || value > 255) {
                throw new IllegalArgumentException("device: " + value + " (expected: 0..255)");
            }
            this.device = value;
            return this;
        }

        /** Capture size asked of the camera, and the synthetic pattern's size (default 640x480). */
        public Builder size(int width, int height) {
            if (width < 16 || width > 4096 || height < 16 || height > 4096) {
                throw new IllegalArgumentException("size: " + width + "x" + height + " (expected: 16..4096 each)");
            }
            this.width = width;
            this.height = height;
            return this;
        }

        /** Frames per second captured at most (default 30). */
        public Builder fps(int value) {
            if (value < 1 || value > 120) {
                throw new IllegalArgumentException("fps: " + value + " (expected: 1..120)");
            }
            this.fps = value;
            return this;
        }

        /** JPEG quality to start with and return to (default 90, as in the lecture). */
        public Builder quality(int value) {
            this.quality = checkQuality("quality", value);
            return this;
        }

        /** Lowest JPEG quality the adaptive control uses (default 30). */
        public Builder minQuality(int value) {
            this.minQuality = checkQuality("minQuality", value);
            return this;
        }

        /** Follow the link with quality and scale (default true). */
        public Builder adaptive(boolean value) {
            this.adaptive = value;
            return this;
        }

        /**
         * Frames on the way or being decoded at a direct peer before the encoder waits (default
         * {@value #DEFAULT_VIDEO_WINDOW}; 0 turns flow control off; at most
         * {@value dev.duplex.core.transport.TransportConfig#MAX_VIDEO_WINDOW}).
         */
        public Builder videoWindow(int value) {
            if (value < 0 || value > TransportConfig.MAX_VIDEO_WINDOW) {
                throw new IllegalArgumentException("video window: " + value + " (expected: 0.."
                        + TransportConfig.MAX_VIDEO_WINDOW + ", 0 = off)");
            }
            this.videoWindow = value;
            return this;
        }

        /**
         * The adaptive control's budget at the start of a call, in kbit/s (default
         * {@value #DEFAULT_START_KBPS}; 0 = none: the best picture at every frame until the link
         * pushes back; at most {@value #MAX_START_KBPS}). Higher on a link known to be fast, lower on
         * one known to be slow.
         */
        public Builder startKbps(long value) {
            if (value < 0 || value > MAX_START_KBPS) {
                throw new IllegalArgumentException("start kbit/s: " + value + " (expected: 0.." + MAX_START_KBPS
                        + ", 0 = none)");
            }
            this.startKbps = value;
            return this;
        }

        /** Most remote senders decoded at once (default 16). */
        public Builder maxRemoteStreams(int value) {
            if (value < 1 || value > 256) {
                throw new IllegalArgumentException("maxRemoteStreams: " + value + " (expected: 1..256)");
            }
            this.maxRemoteStreams = value;
            return this;
        }

        /** How long connecting may take (default 5 s). */
        public Builder connectTimeout(Duration value) {
            Objects.requireNonNull(value, "connectTimeout");
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("connectTimeout: " + value + " (expected: > 0)");
            }
            this.connectTimeout = value;
            return this;
        }

        /**
         * The wire format of a direct call (default {@link WireFormat#DUPLEX});
         * {@link WireFormat#LECTURE_VIDEO} talks to the lecture's Python video server or client.
         */
        public Builder wireFormat(WireFormat value) {
            Objects.requireNonNull(value, "wireFormat");
            if (value == WireFormat.LECTURE_CHAT) {
                throw new IllegalArgumentException("wireFormat: LECTURE_CHAT cannot carry video "
                        + "(expected: DUPLEX or LECTURE_VIDEO)");
            }
            this.wireFormat = value;
            return this;
        }

        /**
         * TLS for the connection (default: none, plaintext): {@link TlsOptions#server} when
         * listening, client options otherwise; {@code null} for plaintext. The lecture's format has no TLS.
         */
        public Builder tls(TlsOptions value) {
            this.tls = value;
            return this;
        }

        /**
         * Voice (default {@link AudioOptions#DEFAULT}: the microphone and speaker if there are any;
         * {@link AudioOptions#OFF} for a video-only call). Ignored in the lecture's format.
         */
        public Builder audio(AudioOptions value) {
            this.audio = Objects.requireNonNull(value, "audio");
            return this;
        }

        public VideoOptions build() {
            if (tls != null && wireFormat.isLecture()) {
                throw new IllegalArgumentException("The lecture's video format has no encryption: leave TLS off "
                        + "with --compat lecture.");
            }
            if (wireFormat.isLecture() && mode == Mode.RELAY) {
                throw new IllegalArgumentException("The lecture's video format is for a direct call: "
                        + "use listen(...) or connect(...), not a relay.");
            }
            if (minQuality > quality) {
                throw new IllegalArgumentException("minQuality: " + minQuality + " (expected: <= quality " + quality
                        + ")");
            }
            return new VideoOptions(this);
        }

        private static String requireHost(String host) {
            Objects.requireNonNull(host, "host");
            if (host.isBlank()) {
                throw new IllegalArgumentException("The host must not be empty: enter a host name or an IP address.");
            }
            return host.strip();
        }

        private static int checkPort(int port, boolean zeroAllowed) {
            return HostPort.checkPort(port, zeroAllowed);
        }

        private static int checkQuality(String name, int value) {
            if (value < 1 || value > 100) {
                throw new IllegalArgumentException(name + ": " + value + " (expected: 1..100)");
            }
            return value;
        }
    }
}
