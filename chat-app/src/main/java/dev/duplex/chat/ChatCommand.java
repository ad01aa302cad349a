package dev.duplex.chat;

import dev.duplex.core.session.HostPort;
import dev.duplex.chat.control.ChatSecurity;
import dev.duplex.chat.control.ChatTarget;
import dev.duplex.chat.model.ChatModel;
import dev.duplex.chat.terminal.TerminalChat;
import dev.duplex.chat.ui.ChatWindow;
import dev.duplex.chat.ui.ChatWindowOptions;
import dev.duplex.core.protocol.Names;
import dev.duplex.core.security.Fingerprint;
import dev.duplex.core.security.SecretFiles;
import dev.duplex.core.session.DuplexClient;
import dev.duplex.core.session.ReconnectPolicy;
import dev.duplex.core.session.WireFormat;
import java.awt.AWTError;
import java.awt.GraphicsEnvironment;
import java.awt.HeadlessException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code duplex chat}: the lecture's socket chat done right. Opens a window (or, with
 * {@code --cli}, chats in the terminal) in one of three modes: a room on a relay (default),
 * waiting for one peer ({@code --listen}), or connecting to one ({@code --connect HOST[:PORT]}).
 * With {@code --compat lecture} a direct chat speaks the lecture's own format, so that the other
 * side can be the lecture's Python program (Homework 12.1).
 * TLS is on unless {@code --plaintext} (the lecture's format has none): an identity met for the
 * first time is trusted and its fingerprint shown (the window asks first), a changed one refused.
 * Exit codes: 0 when done, 1 when the connection could not be made or an error ended it, 2 for
 * bad arguments.
 */
@Command(name = "chat", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Chat through a duplex relay, or directly with one other person.",
                "Opens a window; --cli chats in the terminal instead (lines you type are sent; end of input leaves)."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  duplex chat                         window; relay 127.0.0.1:24100, lobby",
                "  duplex chat --cli -n alice -r team  terminal; room team as alice",
                "  duplex chat --listen                wait for one peer on port 24000",
                "  duplex chat --connect 192.168.0.5   talk to that peer (port 24000)",
                "  duplex chat --compat lecture --listen",
                "                                      wait for the lecture's Python chat client (port 24000)"})
public final class ChatCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ChatCommand.class);

    @Spec
    private CommandSpec spec;

    @Option(names = "--host", paramLabel = "HOST[:PORT][,HOST[:PORT]...]",
            description = "Relay host (default: 127.0.0.1); several nodes of a relay cluster separated by commas, "
                    + "tried in turn when a connection is lost.")
    private String host;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT",
            description = "Relay port (default: 24100); in direct mode the port to listen on or connect to "
                    + "(default: 24000).")
    private Integer port;

    @Option(names = {"-n", "--nick"}, paramLabel = "NAME", description = "Your nickname (default: your user name).")
    private String nick;

    @Option(names = {"-r", "--room"}, paramLabel = "ROOM", description = "Relay room to join (default: lobby).")
    private String room;

    @Option(names = "--listen", description = "Direct mode: wait for one peer to connect.")
    private boolean listen;

    @Option(names = "--bind", paramLabel = "ADDRESS",
            description = "With --listen: the address to listen on (default: 0.0.0.0, every interface).")
    private String bind;

    @Option(names = "--connect", paramLabel = "HOST[:PORT]", description = "Direct mode: connect to a listening peer.")
    private String connect;

    @Option(names = "--compat", paramLabel = "duplex|lecture", defaultValue = "duplex",
            description = "Wire format of a direct chat: duplex (default), or lecture to talk to the lecture's "
                    + "Python chat (no encryption, no names, no acknowledgements).")
    private String compat = "duplex";

    @Option(names = "--plaintext",
            description = "No TLS: anyone on the network can read and change the chat (default: TLS, except "
                    + "with --compat lecture).")
    private boolean plaintext;

    @Option(names = "--fingerprint", paramLabel = "SHA256:...",
            description = "The relay's or listening peer's identity, known ahead (else trusted on first use and "
                    + "remembered in <duplex home>/known_hosts).")
    private String fingerprint;

    @Option(names = "--room-secret", paramLabel = "SECRET",
            description = "Relay mode: the secret of a protected room (sent only over TLS). Other users of this "
                    + "computer can see a command line: prefer --room-secret-file or $" + ROOM_SECRET_VARIABLE + ".")
    private String roomSecret;

    @Option(names = "--room-secret-file", paramLabel = "FILE",
            description = "Relay mode: read the room's secret from the first line of FILE (readable by you only: "
                    + "chmod 600).")
    private Path roomSecretFile;

    @Option(names = "--cli", description = "No window: chat in the terminal.")
    private boolean cli;

    @Option(names = "--auto-connect", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Window: connect (or listen) as soon as it opens (default: true).")
    private boolean autoConnect;

    @Option(names = "--max-messages", paramLabel = "N", defaultValue = "1000",
            description = "Most messages the conversation keeps (default: ${DEFAULT-VALUE}).")
    private int maxMessages = ChatModel.DEFAULT_MAX_ENTRIES;

    /** The environment variable a room secret may come from (after --room-secret and --room-secret-file). */
    public static final String ROOM_SECRET_VARIABLE = "DUPLEX_ROOM_SECRET";

    /** Where environment variables come from (tests replace it). */
    Function<String, String> environment = System::getenv;

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;

    /** The command on the process's standard streams (UTF-8 in the terminal mode). */
    public ChatCommand() {
        this(null, null, null);
    }

    /** The command on the given streams, for tests. */
    public ChatCommand(InputStream in, PrintStream out, PrintStream err) {
        this.in = in;
        this.out = out;
        this.err = err;
    }

    /** Runs {@code chat} on its own (the {@code duplex} launcher registers it as a subcommand instead). */
    public static void main(String[] args) {
        System.exit(new CommandLine(new ChatCommand()).execute(args));
    }

    @Override
    public Integer call() {
        ChatTarget target = target();
        ChatSecurity security = security(target);
        if (cli) {
            return new TerminalChat(in != null ? in : System.in, stream(out, FileDescriptor.out),
                    stream(err, FileDescriptor.err), ReconnectPolicy.exponentialBackoff(),
                    maxMessages).run(target, security);
        }
        if (GraphicsEnvironment.isHeadless()) {
            stream(err, FileDescriptor.err).println("No display is available for the chat window: "
                    + "run with --cli to chat in the terminal, or set DISPLAY.");
            return 1;
        }
        // Said at once: the window itself may take a moment on a cold start (fonts, look and feel).
        stream(out, FileDescriptor.out).println("Opening the chat window (" + target.describe() + ")...");
        ChatWindow window;
        try {
            window = ChatWindow.open(ChatWindowOptions.builder().target(target).autoConnect(autoConnect)
                    .maxMessages(maxMessages).security(security).build());
        } catch (AWTError | HeadlessException | IllegalStateException e) {
            log.debug("Cannot open the chat window", e);
            stream(err, FileDescriptor.err).println("Cannot open the chat window (" + String.valueOf(e.getMessage()).replaceFirst("\\.$", "")
                    + "): run with --cli to chat in the terminal.");
            return 1;
        }
        window.closeFuture().join();
        return 0;
    }

    /** The target the options describe; a {@link ParameterException} (exit code 2) if they make none. */
    ChatTarget target() {
        if (listen && connect != null) {
            throw usage("--listen and --connect cannot be used together: one side listens, the other connects.");
        }
        if (maxMessages <= 0) {
            throw usage("--max-messages must be at least 1, not " + maxMessages + ".");
        }
        String nickname = nick != null ? nick : ChatTarget.defaultNickname();
        String nickProblem = Names.nicknameProblem(nickname);
        if (nickProblem != null) {
            throw usage(nickProblem + " (--nick)");
        }
        boolean direct = listen || connect != null;
        WireFormat format = wireFormat();
        if (format.isLecture() && (room != null || host != null)) {
            throw usage("--compat lecture is for a direct chat: --room and --host are relay options; "
                    + "use --listen, or --connect HOST[:PORT].");
        }
        if (format.isLecture() && !direct) {
            throw usage("--compat lecture talks to one peer directly: add --listen, or --connect HOST[:PORT].");
        }
        if (direct && room != null) {
            throw usage("--room is for relay mode: a direct chat has no rooms.");
        }
        if (direct && host != null) {
            throw usage("--host is the relay's host: with --connect give the peer as HOST[:PORT], with --listen use --bind.");
        }
        if (!listen && bind != null) {
            throw usage("--bind only goes with --listen.");
        }
        try {
            if (listen) {
                return new ChatTarget.Listen(bind != null ? bind : "0.0.0.0",
                        port != null ? port : ChatTarget.DEFAULT_DIRECT_PORT, nickname, format);
            }
            if (connect != null) {
                HostPort peer = HostPort.parse(connect, port != null ? port : ChatTarget.DEFAULT_DIRECT_PORT);
                if (port != null && peer.port() != port) {
                    throw usage("Give the peer's port once: --connect " + connect + " and --port " + port + " differ.");
                }
                return new ChatTarget.Direct(peer.host(), peer.port(), nickname, format);
            }
            int relayPort = port != null ? port : DuplexClient.DEFAULT_PORT;
            if (host != null) {
                HostPort.parseList(host, relayPort); // a bad address is told now, not when connecting
            }
            return new ChatTarget.Relay(host != null ? host : "127.0.0.1", relayPort,
                    nickname, room != null ? room : DuplexClient.DEFAULT_ROOM);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    /**
     * TLS unless --plaintext or the lecture's format (which has none); a usage error (exit code 2)
     * for --fingerprint or --room-secret that cannot apply.
     */
    ChatSecurity security(ChatTarget target) {
        String roomSecret = roomSecret(target);
        boolean tls = !plaintext && !target.lecture();
        if (fingerprint != null && !tls) {
            throw usage("--fingerprint checks a TLS identity: it does not go with --plaintext or --compat lecture.");
        }
        if (fingerprint != null && target instanceof ChatTarget.Listen) {
            throw usage("--fingerprint is the identity of the side you connect to: leave it out with --listen.");
        }
        String from = this.roomSecret != null ? "--room-secret" : roomSecretFile != null ? "--room-secret-file"
                : "$" + ROOM_SECRET_VARIABLE;
        if (roomSecret != null && !(target instanceof ChatTarget.Relay)) {
            throw usage(from + " is for relay mode: a direct chat has no rooms.");
        }
        if (roomSecret != null && !tls) {
            throw usage(from + " needs TLS (secrets are never sent in plaintext): remove --plaintext.");
        }
        if (roomSecret != null && roomSecret.isEmpty()) {
            throw usage("--room-secret must not be empty.");
        }
        if (!tls) {
            return ChatSecurity.plaintext();
        }
        try {
            return ChatSecurity.tls().pinned(fingerprint == null ? null : Fingerprint.parse(fingerprint))
                    .roomSecret(roomSecret);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage() + " (--fingerprint)");
        }
    }

    /**
     * The room secret from --room-secret, else --room-secret-file, else the environment (relay mode
     * only: a direct chat ignores the variable); null if none.
     */
    private String roomSecret(ChatTarget target) {
        if (roomSecret != null && roomSecretFile != null) {
            throw usage("Give the room secret once: --room-secret or --room-secret-file, not both.");
        }
        if (roomSecret != null) {
            return roomSecret;
        }
        if (roomSecretFile != null) {
            try {
                return SecretFiles.secret(roomSecretFile);
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage() + " (--room-secret-file)");
            }
        }
        String fromEnvironment = target instanceof ChatTarget.Relay ? environment.apply(ROOM_SECRET_VARIABLE) : null;
        return fromEnvironment == null || fromEnvironment.isEmpty() ? null : fromEnvironment;
    }

    private WireFormat wireFormat() {
        return switch (compat.strip().toLowerCase(Locale.ROOT)) {
            case "duplex" -> WireFormat.DUPLEX;
            case "lecture" -> WireFormat.LECTURE_CHAT;
            default -> throw usage("--compat " + compat + ": expected duplex or lecture.");
        };
    }

    private ParameterException usage(String sentence) {
        return new ParameterException(spec.commandLine(), sentence);
    }

    private static PrintStream stream(PrintStream given, FileDescriptor fd) {
        return given != null ? given : new PrintStream(new FileOutputStream(fd), true, StandardCharsets.UTF_8);
    }
}
