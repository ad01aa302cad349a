package dev.duplex.cli;

import dev.duplex.core.DuplexException;
import dev.duplex.core.protocol.ErrorCode;
import dev.duplex.core.relay.cluster.ClusterConfig;
import dev.duplex.core.relay.RelayServer;
import dev.duplex.core.security.DuplexHome;
import dev.duplex.core.security.Identity;
import dev.duplex.core.security.SecretFiles;
import dev.duplex.core.security.TlsOptions;
import dev.duplex.core.session.DuplexClient;
import dev.duplex.core.session.HostPort;
import dev.duplex.core.session.LocalAddresses;
import dev.duplex.core.transport.AbuseLimits;
import dev.duplex.core.transport.TransportConfig;
import dev.duplex.core.web.WebOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./duplex server}: runs the relay until interrupted. TLS is on unless {@code --plaintext};
 * the relay's identity is made on first run and kept in {@code --data}.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Run the duplex relay: rooms of chat and video participants. Uses TLS with a "
                + "persistent identity unless --plaintext.")
final class ServerCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", description = "TCP port to listen on (default: ${DEFAULT-VALUE}).")
    int port = DuplexClient.DEFAULT_PORT;

    @Option(names = "--bind", description = "Address to listen on (default: ${DEFAULT-VALUE}, every interface).")
    String bind = "0.0.0.0";

    @Option(names = "--max-rooms", description = "Most rooms at once (default: ${DEFAULT-VALUE}).")
    int maxRooms = 1024;

    @Option(names = "--max-members", description = "Most members per room (default: ${DEFAULT-VALUE}).")
    int maxMembers = 256;

    @Option(names = "--heartbeat-ms", description = "PING interval in milliseconds (default: ${DEFAULT-VALUE}).")
    long heartbeatMillis = 5000;

    @Option(names = "--web", paramLabel = "PORT",
            description = "Port of the web page people join from a browser (default: the relay's port + "
                    + WebOptions.PORT_OFFSET + "; 0 picks a free one).")
    Integer webPort;

    @Option(names = "--no-web", description = "Serve no web page: only the duplex apps can join.")
    boolean noWeb;

    @Option(names = "--web-origin", paramLabel = "ORIGIN",
            description = "Also let pages from ORIGIN (scheme://host[:port], e.g. https://chat.example.org) join over "
                    + "the WebSocket; by default only the relay's own page may (repeatable).")
    List<String> webOrigins = new ArrayList<>();

    @Option(names = "--plaintext", description = "No TLS: anyone on the network can read and change the traffic.")
    boolean plaintext;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Directory of the relay's identity (default: <duplex home>/relay, e.g. ~/.duplex/relay).")
    Path data;

    @Option(names = "--room-secret", paramLabel = "ROOM=SECRET",
            description = "Protect ROOM: clients must give SECRET to join (repeatable; needs TLS). Other users of "
                    + "this computer can see a command line: prefer --room-secrets-file or $" + ROOM_SECRETS_VARIABLE
                    + ".")
    List<String> roomSecrets = new ArrayList<>();

    @Option(names = "--room-secrets-file", paramLabel = "FILE",
            description = "Read ROOM=SECRET lines from FILE (readable by you only: chmod 600; # starts a comment).")
    Path roomSecretsFile;

    /** The environment variable room secrets may come from: ROOM=SECRET pairs separated by spaces. */
    static final String ROOM_SECRETS_VARIABLE = "DUPLEX_ROOM_SECRETS";

    /** Where environment variables come from (tests replace it). */
    Function<String, String> environment = System::getenv;

    @Option(names = "--max-connections", paramLabel = "N", description = "Most connections in total (default: ${DEFAULT-VALUE}; 0: no limit).")
    int maxConnections = AbuseLimits.DEFAULT.maxConnections();

    @Option(names = "--max-connections-per-address", paramLabel = "N",
            description = "Most connections from one address (default: ${DEFAULT-VALUE}; 0: no limit).")
    int maxConnectionsPerAddress = AbuseLimits.DEFAULT.maxConnectionsPerAddress();

    @Option(names = "--max-new-connections-per-second", paramLabel = "N",
            description = "New connections per second from one address (default: ${DEFAULT-VALUE}; 0: no limit).")
    int maxNewConnectionsPerSecond = AbuseLimits.DEFAULT.newConnectionsPerSecondPerAddress();

    @Option(names = "--max-text-per-second", paramLabel = "N",
            description = "Text and control frames per second per connection (default: ${DEFAULT-VALUE}; 0: no limit).")
    int maxTextPerSecond = AbuseLimits.DEFAULT.textFramesPerSecond();

    @Option(names = "--max-text-bytes-per-second", paramLabel = "N",
            description = "Bytes of text and control per second per connection (default: ${DEFAULT-VALUE}; 0: no limit).")
    int maxTextBytesPerSecond = AbuseLimits.DEFAULT.textBytesPerSecond();

    @Option(names = "--max-video-per-second", paramLabel = "N",
            description = "Video and audio frames per second per connection (default: ${DEFAULT-VALUE}; 0: no limit).")
    int maxVideoPerSecond = AbuseLimits.DEFAULT.videoFramesPerSecond();

    @Option(names = "--max-video-bytes-per-second", paramLabel = "N",
            description = "Bytes of video and audio per second per connection (default: ${DEFAULT-VALUE}; 0: no limit).")
    int maxVideoBytesPerSecond = AbuseLimits.DEFAULT.videoBytesPerSecond();

    @Option(names = "--relay-video-window", paramLabel = "N",
            description = "Pace the video forwarded to each member that confirms what it has shown: at most N of "
                    + "a sender's frames unconfirmed, newer frames replacing waiting ones (0: off, the default; "
                    + "at most 64). A member behind a slow link then sees fresher pictures; BENCHMARKS.md, section 7.")
    int relayVideoWindow;

    @Option(names = "--cluster", paramLabel = "redis://HOST:PORT",
            description = "Join a cluster: every relay given the same Redis serves the same rooms (history, order, "
                    + "presence and video go through Redis; --data then keeps only the identity).")
    String cluster;

    @Option(names = "--node-id", paramLabel = "NAME",
            description = "This relay's name in the cluster (default: random; letters, digits, '.', '_', '-').")
    String nodeId;

    @Option(names = "--seconds", hidden = true, description = "Stop after this many seconds (for scripts).")
    long seconds;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        RelayServer.Builder builder;
        try {
            HostPort.checkPort(port, true);
            TransportConfig config = TransportConfig.builder().heartbeatInterval(Duration.ofMillis(heartbeatMillis))
                    .relayVideoWindow(relayVideoWindow).build();
            builder = RelayServer.builder().bindHost(bind).port(port).config(config)
                    .maxRooms(maxRooms).maxMembersPerRoom(maxMembers).limits(limits());
            if (cluster != null) {
                ClusterConfig clusterConfig = ClusterConfig.of(cluster);
                builder.cluster(nodeId != null ? clusterConfig.withNodeId(nodeId) : clusterConfig);
            } else if (nodeId != null) {
                throw new IllegalArgumentException("--node-id names this relay in a cluster: give --cluster too.");
            }
            WebOptions web = web();
            if (web != null) {
                builder.web(web);
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        addRoomSecrets(builder);
        RelayData data = RelayData.open(dataDirectory());
        RelayServer relay;
        Identity identity;
        try {
            identity = plaintext ? null : identity();
            if (identity != null) {
                builder.tls(TlsOptions.server(identity));
            }
            relay = (cluster == null ? builder.historyFile(data.history()) : builder).build().start();
        } catch (RuntimeException e) {
            data.discardNew(); // a relay that did not start leaves no identity or history behind
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(relay::close, "duplex-relay-shutdown"));
        out.println("duplex relay listening on " + bind + ":" + relay.port());
        if (identity != null) {
            out.println("  TLS: on. The relay's identity is " + identity.fingerprint());
            out.println("       (kept in " + identity.file().map(Path::toString).orElse("memory")
                    + "); people joining should see the same fingerprint on first contact.");
        } else {
            out.println("  TLS: OFF (--plaintext): anyone on the network can read and change the traffic.");
        }
        if (relayVideoWindow > 0) {
            out.println("  video: paced to each member that confirms frames, at most " + relayVideoWindow
                    + " of a sender's unconfirmed");
        }
        if (cluster != null) {
            out.println("  cluster: rooms shared with every relay using Redis at " + cluster
                    + " (history and presence live there)");
        }
        if (!allRoomSecrets().isEmpty()) {
            out.println("  protected rooms (joining needs --room-secret): " + String.join(", ", protectedRooms()));
        }
        List<String> addresses = LocalAddresses.forBind(bind);
        for (String address : addresses) {
            out.println("  others can join with: ./duplex chat --host " + address + " --port " + relay.port()
                    + (identity == null ? " --plaintext" : ""));
        }
        if (relay.hasWeb()) {
            for (String address : addresses) {
                out.println("  or from a browser: " + (identity == null ? "http" : "https") + "://" + address + ":"
                        + relay.webPort() + "/");
            }
            if (identity != null) {
                out.println("  (browsers warn that the certificate is self-signed: its SHA-256 fingerprint must be");
                out.println("   " + identity.fingerprint().hex() + ")");
            } else {
                out.println("  (without TLS, browsers allow the camera only on this computer, at http://localhost:"
                        + relay.webPort() + "/)");
            }
        }
        out.flush();
        if (seconds > 0) {
            try {
                relay.closeFuture().get(seconds, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                relay.close();
            }
            out.println("duplex relay stopped: " + relay.stats() + ", " + relay.guardCounters());
        } else {
            relay.closeFuture().join();
        }
        return 0;
    }

    /** The web page's options from --web, --no-web and --web-origin, or null for none. */
    private WebOptions web() {
        if (noWeb) {
            if (webPort != null || !webOrigins.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "--no-web turns the web page off: leave out --web "
                        + "and --web-origin, or --no-web.");
            }
            return null;
        }
        int chosen = webPort != null ? HostPort.checkPort(webPort, true) : defaultWebPort(port);
        if (chosen != 0 && chosen == port) {
            throw new ParameterException(spec.commandLine(), "The web page needs a port of its own, not the relay's "
                    + port + ": choose another with --web PORT.");
        }
        WebOptions.Builder web = WebOptions.builder().port(chosen);
        webOrigins.forEach(web::allowOrigin);
        return web.build();
    }

    /**
     * The web page's port when --web does not say: the one after the relay's (0, a free one, when the
     * relay's is chosen freely too).
     *
     * @throws IllegalArgumentException with a sentence when the relay's port is the last one
     */
    static int defaultWebPort(int relayPort) {
        if (relayPort == 0) {
            return 0;
        }
        if (relayPort + WebOptions.PORT_OFFSET > 65535) {
            throw new IllegalArgumentException("The relay's port " + relayPort + " leaves no port after it for the web "
                    + "page: choose one with --web PORT, or turn the page off with --no-web.");
        }
        return relayPort + WebOptions.PORT_OFFSET;
    }

    private AbuseLimits limits() {
        try {
            return AbuseLimits.builder().maxConnections(maxConnections).maxConnectionsPerAddress(maxConnectionsPerAddress)
                    .newConnectionsPerSecondPerAddress(maxNewConnectionsPerSecond).textFramesPerSecond(maxTextPerSecond)
                    .textBytesPerSecond(maxTextBytesPerSecond).videoFramesPerSecond(maxVideoPerSecond)
                    .videoBytesPerSecond(maxVideoBytesPerSecond).build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "A limit must not be negative: " + e.getMessage());
        }
    }

    private void addRoomSecrets(RelayServer.Builder builder) {
        List<String> pairs = allRoomSecrets();
        if (!pairs.isEmpty() && plaintext) {
            throw new ParameterException(spec.commandLine(),
                    "Room secrets need TLS (secrets are never sent in plaintext): remove --plaintext.");
        }
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                throw new ParameterException(spec.commandLine(),
                        "--room-secret takes ROOM=SECRET, for example --room-secret team=correct-horse; got '"
                                + pair.replaceAll("=.*", "=...") + "'.");
            }
            try {
                builder.roomSecret(pair.substring(0, eq), pair.substring(eq + 1));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
    }

    /** --room-secret pairs, then the file's, then the environment's (a later one for a room wins). */
    private List<String> allRoomSecrets() {
        List<String> pairs = new ArrayList<>();
        String fromEnvironment = environment.apply(ROOM_SECRETS_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            pairs.addAll(List.of(fromEnvironment.strip().split("\\s+")));
        }
        if (roomSecretsFile != null) {
            try {
                pairs.addAll(SecretFiles.lines(roomSecretsFile));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage() + " (--room-secrets-file)");
            }
        }
        pairs.addAll(roomSecrets);
        return pairs;
    }

    private List<String> protectedRooms() {
        return allRoomSecrets().stream().map(p -> p.substring(0, p.indexOf('='))).distinct().toList();
    }

    /** --data, or the relay's directory under the duplex home (~/.duplex). */
    private Path dataDirectory() {
        return data != null ? data : DuplexHome.relayDirectory();
    }

    /** The relay's persistent identity from --data, made on first run. */
    private Identity identity() {
        Path dir = dataDirectory();
        try {
            return Identity.loadOrCreate(dir);
        } catch (IllegalStateException e) {
            throw new DuplexException(ErrorCode.INTERNAL, e.getMessage(), e);
        }
    }
}
