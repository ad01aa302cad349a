package dev.duplex.chat.ui;

import dev.duplex.chat.control.ChatSecurity;
import dev.duplex.chat.control.ChatTarget;
import dev.duplex.chat.model.ChatModel;
import dev.duplex.core.session.DuplexClient;
import dev.duplex.core.session.ReconnectPolicy;
import java.awt.Point;
import java.util.Objects;
import java.util.Optional;

/**
 * How to open a {@link ChatWindow}: what to connect to (shown in the editable fields), whether to
 * connect at once, how many messages to keep, where to put the window.
 * <pre>{@code
 * ChatWindow.open(ChatWindowOptions.relay("127.0.0.1", 24100, "alice", "lobby"));
 * ChatWindow.open(ChatWindowOptions.builder().listen("0.0.0.0", 24000, "bob").location(700, 80).build());
 * }</pre>
 */
public final class ChatWindowOptions {
    private final ChatTarget target;
    private final boolean autoConnect;
    private final int maxMessages;
    private final Point location;
    private final ReconnectPolicy reconnect;
    private final ChatSecurity security;

    private ChatWindowOptions(Builder b) {
        this.target = b.target;
        this.autoConnect = b.autoConnect;
        this.maxMessages = b.maxMessages;
        this.location = b.location;
        this.reconnect = b.reconnect;
        this.security = b.security;
    }

    /** A window on a relay room that connects at once. */
    public static ChatWindowOptions relay(String host, int port, String nickname, String room) {
        return builder().relay(host, port, nickname, room).build();
    }

    /** Defaults: relay 127.0.0.1:24100, your login name, room lobby, connect at once. */
    public static Builder builder() {
        return new Builder();
    }

    public ChatTarget target() {
        return target;
    }

    public boolean autoConnect() {
        return autoConnect;
    }

    public int maxMessages() {
        return maxMessages;
    }

    /** Where the window's top-left corner goes; empty: centred on the screen. */
    public Optional<Point> location() {
        return Optional.ofNullable(location).map(Point::new);
    }

    public ReconnectPolicy reconnect() {
        return reconnect;
    }

    /** How the window's connections are protected (default plaintext, like the library). */
    public ChatSecurity security() {
        return security;
    }

    /** Builds {@link ChatWindowOptions}; each setter checks its value. */
    public static final class Builder {
        private ChatTarget target = new ChatTarget.Relay("127.0.0.1", DuplexClient.DEFAULT_PORT,
                ChatTarget.defaultNickname(), DuplexClient.DEFAULT_ROOM);
        private boolean autoConnect = true;
        private int maxMessages = ChatModel.DEFAULT_MAX_ENTRIES;
        private Point location;
        private ReconnectPolicy reconnect = ReconnectPolicy.exponentialBackoff();
        private ChatSecurity security = ChatSecurity.plaintext();

        private Builder() {
        }

        public Builder target(ChatTarget value) {
            this.target = Objects.requireNonNull(value, "target");
            return this;
        }

        /** A room on a relay. */
        public Builder relay(String host, int port, String nickname, String room) {
            return target(new ChatTarget.Relay(host, port, nickname, room));
        }

        /** Direct mode, waiting for a peer on {@code bindHost:port}. */
        public Builder listen(String bindHost, int port, String nickname) {
            return target(new ChatTarget.Listen(bindHost, port, nickname));
        }

        /** Direct mode, connecting to the peer at {@code host:port}. */
        public Builder connect(String host, int port, String nickname) {
            return target(new ChatTarget.Direct(host, port, nickname));
        }

        /** Connect (or listen) as soon as the window opens (default true). */
        public Builder autoConnect(boolean value) {
            this.autoConnect = value;
            return this;
        }

        /** Most messages the conversation keeps (default {@value ChatModel#DEFAULT_MAX_ENTRIES}). */
        public Builder maxMessages(int value) {
            if (value <= 0) {
                throw new IllegalArgumentException("maxMessages: " + value + " (expected: > 0)");
            }
            this.maxMessages = value;
            return this;
        }

        /** Puts the window's top-left corner at ({@code x}, {@code y}). */
        public Builder location(int x, int y) {
            this.location = new Point(x, y);
            return this;
        }

        /** What a dropped connection does (default {@link ReconnectPolicy#exponentialBackoff()}). */
        public Builder reconnect(ReconnectPolicy value) {
            this.reconnect = Objects.requireNonNull(value, "reconnect");
            return this;
        }

        /**
         * TLS or plaintext (default plaintext, like the library; {@code duplex chat} passes TLS unless
         * {@code --plaintext}). Over TLS the window asks before trusting an identity it never met.
         */
        public Builder security(ChatSecurity value) {
            this.security = Objects.requireNonNull(value, "security");
            return this;
        }

        public ChatWindowOptions build() {
            return new ChatWindowOptions(this);
        }
    }
}
