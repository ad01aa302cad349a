package dev.duplex.core.internal.security;

import dev.duplex.core.security.Fingerprint;
import dev.duplex.core.security.KnownHosts;
import dev.duplex.core.security.TlsOptions;
import java.util.Optional;

/**
 * What a connecting side's {@link TlsOptions} say about an identity: the one expected for an
 * address (pinned, else remembered), remembering one, and the warning when another is presented.
 */
final class Trust {
    private Trust() {
    }

    /** The pinned fingerprint, else the remembered one, for {@code host:port}. */
    static Optional<Fingerprint> expected(TlsOptions options, String host, int port) {
        Optional<Fingerprint> pinned = options.pinnedFingerprint();
        if (pinned.isPresent()) {
            return pinned;
        }
        return options.knownHosts().flatMap(known -> known.lookup(host, port));
    }

    /** Records an accepted identity, if there are known hosts to record it in. */
    static void remember(TlsOptions options, String host, int port, Fingerprint fingerprint) {
        options.knownHosts().ifPresent(known -> known.remember(host, port, fingerprint));
    }

    /** The warning when {@code host:port} presented {@code presented} instead of {@code expected}. */
    static String mismatchSentence(TlsOptions options, String peerNoun, String host, int port, Fingerprint expected,
                                   Fingerprint presented) {
        String where = KnownHosts.key(host, port);
        if (options.pinnedFingerprint().isPresent()) {
            return "The " + peerNoun + " at " + where + " presented the identity " + presented + ", not the pinned "
                    + expected + ": refusing to connect. Someone may be intercepting the connection; check the "
                    + "fingerprint with the " + peerNoun + "'s operator.";
        }
        return "WARNING: the identity of the " + peerNoun + " at " + where + " has changed (it was " + expected
                + ", it is now " + presented + "): refusing to connect. Someone may be intercepting the connection, "
                + "or the " + peerNoun + " has a new identity. If you are sure the change is genuine, remove the line "
                + "for " + where + " from " + options.knownHosts().map(KnownHosts::describe).orElse("the known hosts")
                + " and connect again.";
    }
}
