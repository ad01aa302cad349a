package dev.duplex.core.session;

import dev.duplex.core.DuplexException;
import dev.duplex.core.internal.Checks;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One-to-one sessions without a relay, as in the lecture's programs: one side listens, the other
 * connects; after the handshake both are equal peers.
 * <pre>{@code
 * DirectListener listening = DirectPeer.builder().nickname("bob").listen("0.0.0.0", 24000);
 * Session alice = DirectPeer.builder().nickname("alice").connect("127.0.0.1", 24000).join();
 * }</pre>
 */
public final class DirectPeer {
    private DirectPeer() {
    }

    /**
     * A builder for a direct session: set a nickname, then {@code listen} on one side and {@code connect} on
     * the other.
     */
    public static Builder builder() {
        return new Builder();
    }

    static int checkPort(int port, boolean zeroAllowed) {
        return Checks.inRange("port", port, zeroAllowed ? 0 : 1, 65535);
    }

    /** Options of a direct session; see {@link SessionBuilder} for the shared ones. */
    public static final class Builder extends SessionBuilder<Builder> {
        private Consumer<Session> onAccepted = s -> { };

        private Builder() {
        }

        /** Called (on the event loop) with each session accepted by {@link #listen}. */
        public Builder onAccepted(Consumer<Session> value) {
            this.onAccepted = Objects.requireNonNull(value, "onAccepted");
            return this;
        }

        /** Connects to a listening peer; completes after its WELCOME. */
        public CompletableFuture<Session> connect(String host, int port) {
            return connect(Role.DIRECT_CONNECTOR, "", host, checkPort(port, false));
        }

        /**
         * Listens for one peer at a time on {@code bindHost:port} (port 0 picks a free one). Binds
         * before returning; throws {@link DuplexException} with a sentence if it cannot.
         */
        public DirectListener listen(String bindHost, int port) {
            requireNickname();
            return DirectListener.bind(this, bindHost, checkPort(port, true), onAccepted);
        }
    }
}
