package dev.duplex.chat.control;

import dev.duplex.core.session.HostPort;
import dev.duplex.core.protocol.Names;
import dev.duplex.core.session.WireFormat;
import java.util.Objects;

/**
 * Where a chat goes: a room on a relay, or one peer directly (by listening, or by connecting).
 * A direct chat speaks the duplex protocol, or the lecture's own chat format
 * ({@link WireFormat#LECTURE_CHAT}) to talk to the lecture's Python programs.
 * Every record checks its values and throws {@link IllegalArgumentException} with a sentence.
 */
public sealed interface ChatTarget permits ChatTarget.Relay, ChatTarget.Listen, ChatTarget.Direct {

    /** The port of direct mode, the lecture's chat port. */
    int DEFAULT_DIRECT_PORT = 24000;

    /**
     * A nickname from the user's login name: white space becomes '_', at most 32 characters, and
     * "guest" if nothing valid is left.
     */
    static String defaultNickname() {
        String user = System.getProperty("user.name", "").strip().replaceAll("\\s+", "_")
                .replaceAll("\\p{Cntrl}", "");
        if (user.codePointCount(0, user.length()) > Names.MAX_NICKNAME_LENGTH) {
            user = user.substring(0, user.offsetByCodePoints(0, Names.MAX_NICKNAME_LENGTH));
        }
        return Names.nicknameProblem(user) == null ? user : "guest";
    }

    /** The nickname to chat under. */
    String nickname();

    /** Where, in words: {@code 127.0.0.1:24100}, {@code port 24000}. */
    String describe();

    /** What the chat speaks on the wire: the duplex protocol, or the lecture's chat format (direct only). */
    default WireFormat wireFormat() {
        return WireFormat.DUPLEX;
    }

    /** True when talking the lecture's format: no encryption, no names, no acknowledgements. */
    default boolean lecture() {
        return wireFormat().isLecture();
    }

    /**
     * A room on a duplex relay.
     *
     * @param host     the relay's host
     * @param port     the relay's port
     * @param nickname your name in the room
     * @param room     the room to join
     */
    record Relay(String host, int port, String nickname, String room) implements ChatTarget {
        public Relay {
            host = requireHost(host);
            HostPort.checkPort(port, false);
            requireNickname(nickname);
            String problem = Names.roomProblem(room);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
        }

        @Override
        public String describe() {
            return new HostPort(host, port).toString();
        }
    }

    /**
     * Direct mode, waiting for one peer to connect.
     *
     * @param bindHost   the address to listen on ({@code 0.0.0.0}: every interface)
     * @param port       the port to listen on (0 picks a free one)
     * @param nickname   your name (in the lecture's format it is shown only here: the format has no names)
     * @param wireFormat {@link WireFormat#DUPLEX} or {@link WireFormat#LECTURE_CHAT}
     */
    record Listen(String bindHost, int port, String nickname, WireFormat wireFormat) implements ChatTarget {
        public Listen {
            bindHost = requireHost(bindHost);
            HostPort.checkPort(port, true);
            requireNickname(nickname);
            wireFormat = requireChatFormat(wireFormat);
        }

        /** Listening with the duplex protocol. */
        public Listen(String bindHost, int port, String nickname) {
            this(bindHost, port, nickname, WireFormat.DUPLEX);
        }

        @Override
        public String describe() {
            return "port " + port;
        }
    }

    /**
     * Direct mode, connecting to a listening peer.
     *
     * @param host       the peer's host
     * @param port       the peer's port
     * @param nickname   your name (in the lecture's format it is shown only here: the format has no names)
     * @param wireFormat {@link WireFormat#DUPLEX} or {@link WireFormat#LECTURE_CHAT}
     */
    record Direct(String host, int port, String nickname, WireFormat wireFormat) implements ChatTarget {
        public Direct {
            host = requireHost(host);
            HostPort.checkPort(port, false);
            requireNickname(nickname);
            wireFormat = requireChatFormat(wireFormat);
        }

        /** Connecting with the duplex protocol. */
        public Direct(String host, int port, String nickname) {
            this(host, port, nickname, WireFormat.DUPLEX);
        }

        @Override
        public String describe() {
            return new HostPort(host, port).toString();
        }
    }

    private static String requireHost(String host) {
        Objects.requireNonNull(host, "host");
        String stripped = host.strip();
        if (stripped.isEmpty()) {
            throw new IllegalArgumentException("The host must not be empty: enter a host name or an IP address.");
        }
        return stripped;
    }

    private static WireFormat requireChatFormat(WireFormat format) {
        Objects.requireNonNull(format, "wireFormat");
        if (format == WireFormat.LECTURE_VIDEO) {
            throw new IllegalArgumentException("The lecture's video format cannot carry chat: use its chat format "
                    + "(WireFormat.LECTURE_CHAT).");
        }
        return format;
    }

    private static void requireNickname(String nickname) {
        String problem = Names.nicknameProblem(nickname);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }
}
