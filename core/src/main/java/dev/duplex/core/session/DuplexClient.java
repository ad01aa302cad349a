package dev.duplex.core.session;

import dev.duplex.core.DuplexException;
import dev.duplex.core.internal.security.RoomSecrets;
import dev.duplex.core.protocol.Names;
import dev.duplex.core.protocol.Ports;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Connects to a duplex relay and joins a room.
 * <pre>{@code
 * Session session = DuplexClient.builder()
 *         .host("127.0.0.1").port(24100)
 *         .nickname("alice").room("lobby")
 *         .listener(myListener)
 *         .connect().join();
 * session.sendText("hello");
 * }</pre>
 */
public final class DuplexClient {
    /** The relay's default TCP port. */
    public static final int DEFAULT_PORT = Ports.RELAY;
    /** The room joined when none is given. */
    public static final String DEFAULT_ROOM = "lobby";

    private DuplexClient() {
    }

    /** A builder for a session with a relay: host (default 127.0.0.1), port, nickname, room. */
    public static Builder builder() {
        return new Builder();
    }

    /** Options of a relay connection; see {@link SessionBuilder} for the shared ones. */
    public static final class Builder extends SessionBuilder<Builder> {
        private String host = "127.0.0.1";
        private int port = DEFAULT_PORT;
        private String room = DEFAULT_ROOM;
        private List<HostPort> addresses;

        private Builder() {
        }

        /** The relay's host name or address (default 127.0.0.1). */
        public Builder host(String value) {
            this.host = Objects.requireNonNull(value, "host");
            return this;
        }

        /** The relay's port (default {@value DuplexClient#DEFAULT_PORT}). */
        public Builder port(int value) {
            this.port = DirectPeer.checkPort(value, false);
            return this;
        }

        /**
         * Several addresses of one relay cluster (its nodes): the session connects to the first that
         * answers and, on every reconnect, tries them in turn from the one after the last used, so a
         * node that died is left for another. Replaces {@link #host} and {@link #port}.
         */
        public Builder addresses(List<HostPort> value) {
            Objects.requireNonNull(value, "addresses");
            if (value.isEmpty()) {
                throw new IllegalArgumentException("addresses: none (expected: at least one HOST:PORT)");
            }
            this.addresses = List.copyOf(value);
            return this;
        }

        /**
         * Like {@link #addresses(List)}, written as people do: {@code "a:24100,b:24100"} (a missing port
         * is {@value DuplexClient#DEFAULT_PORT}).
         *
         * @throws IllegalArgumentException with a sentence if an address cannot be read
         */
        public Builder addresses(String commaSeparated) {
            return addresses(HostPort.parseList(commaSeparated, DEFAULT_PORT));
        }

        /** The room to join (default {@value DuplexClient#DEFAULT_ROOM}). */
        public Builder room(String value) {
            this.room = Names.requireRoom(value);
            return this;
        }

        /**
         * The shared secret of a protected room, sent in HELLO (attribute
         * {@code secret}). Only ever sent over TLS:
         * {@link #connect()} refuses to start without {@link #tls}.
         */
        public Builder roomSecret(String value) {
            Objects.requireNonNull(value, "roomSecret");
            if (value.isEmpty()) {
                throw new IllegalArgumentException("roomSecret must not be empty.");
            }
            this.securedHelloAttributes = Map.of(RoomSecrets.HELLO_ATTRIBUTE, value);
            return this;
        }

        /**
         * Starts connecting. The future completes with the session once the relay welcomed it, or
         * fails with a {@link DuplexException} whose message says what went wrong.
         *
         * @throws IllegalStateException if a room secret is set without TLS
         */
        public CompletableFuture<Session> connect() {
            if (!securedHelloAttributes.isEmpty() && tls == null) {
                throw new IllegalStateException("A room secret is only sent over TLS: set tls(...) too, or leave "
                        + "the secret out.");
            }
            return connect(Role.RELAY_CLIENT, room, addresses != null ? addresses : List.of(new HostPort(host, port)));
        }
    }
}
