package dev.duplex.chat.control;

import dev.duplex.core.security.Fingerprint;
import dev.duplex.core.security.Identity;
import dev.duplex.core.security.KnownHosts;
import dev.duplex.core.security.TlsOptions;
import dev.duplex.core.security.TrustPrompt;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How a chat protects its connection: plaintext, or TLS with trust on first use (known hosts under
 * the duplex home, normally {@code ~/.duplex/known_hosts}), optionally a fingerprint pinned ahead
 * and a room secret for the relay. A listening direct peer presents its persistent identity
 * ({@link TlsOptions#peer()}). The lecture's format never uses TLS, whatever is set here.
 * Immutable.
 */
public final class ChatSecurity {
    private static final ChatSecurity PLAINTEXT = new ChatSecurity(false, null, null, null, null);

    private final boolean tls;
    private final Fingerprint pinned;
    private final String roomSecret;
    private final Supplier<KnownHosts> knownHosts;
    /** The options of the listening side, made when it starts listening. */
    private final Supplier<TlsOptions> listening;

    private ChatSecurity(boolean tls, Fingerprint pinned, String roomSecret, Supplier<KnownHosts> knownHosts,
                         Supplier<TlsOptions> listening) {
        this.tls = tls;
        this.pinned = pinned;
        this.roomSecret = roomSecret;
        this.knownHosts = knownHosts != null ? knownHosts : KnownHosts::openDefault;
        this.listening = listening != null ? listening : TlsOptions::peer;
    }

    /** No encryption (the library's default, and {@code --plaintext}). */
    public static ChatSecurity plaintext() {
        return PLAINTEXT;
    }

    /** TLS with trust on first use in the default known hosts, and the listening identity under the duplex home. */
    public static ChatSecurity tls() {
        return new ChatSecurity(true, null, null, null, null);
    }

    /** The same, accepting only the relay or peer with {@code fingerprint} (or any when {@code null}). */
    public ChatSecurity pinned(Fingerprint fingerprint) {
        return new ChatSecurity(tls, fingerprint, roomSecret, knownHosts, listening);
    }

    /** The same, giving {@code secret} to the relay to join a protected room (sent only over TLS; {@code null}: none). */
    public ChatSecurity roomSecret(String secret) {
        return new ChatSecurity(tls, pinned, secret, knownHosts, listening);
    }

    /** The same, remembering identities in {@code value} instead of the default known hosts (tests). */
    public ChatSecurity knownHosts(KnownHosts value) {
        Objects.requireNonNull(value, "knownHosts");
        return new ChatSecurity(tls, pinned, roomSecret, () -> value, listening);
    }

    /** The same, presenting {@code value} when listening instead of the persistent peer identity (tests). */
    public ChatSecurity identity(Identity value) {
        Objects.requireNonNull(value, "identity");
        return new ChatSecurity(tls, pinned, roomSecret, knownHosts, () -> TlsOptions.server(value));
    }

    /** True for TLS. */
    public boolean encrypted() {
        return tls;
    }

    /** The room secret, if any. */
    public Optional<String> roomSecret() {
        return Optional.ofNullable(roomSecret);
    }

    /** The options of a connecting side, asking {@code prompt} about identities never met. */
    TlsOptions clientOptions(TrustPrompt prompt) {
        return TlsOptions.client(knownHosts.get(), prompt, pinned);
    }

    /** The options of a listening side: its identity, loaded or made on first use. */
    TlsOptions serverOptions() {
        return listening.get();
    }

    @Override
    public String toString() {
        return tls ? "TLS" + (pinned != null ? " pinned to " + pinned : "") : "plaintext";
    }
}
