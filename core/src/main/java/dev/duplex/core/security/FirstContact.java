package dev.duplex.core.security;

import java.util.Objects;

/**
 * A server identity met for the first time: nothing is known or pinned for {@code host:port}.
 *
 * @param host        the host as the user gave it
 * @param port        the port
 * @param fingerprint the fingerprint the server presented
 * @param peerNoun    what the server is: "relay", or "peer" for a listening direct peer
 */
public record FirstContact(String host, int port, Fingerprint fingerprint, String peerNoun) {

    /** Checks that host, fingerprint and peerNoun are given. */
    public FirstContact {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(peerNoun, "peerNoun");
    }

    /** A first contact with a relay. */
    public FirstContact(String host, int port, Fingerprint fingerprint) {
        this(host, port, fingerprint, "relay");
    }

    /** True for a listening direct peer (another person's program), false for a relay. */
    public boolean isPeer() {
        return !peerNoun.equals("relay");
    }

    /** A sentence like SSH's first-contact message, for a terminal or a dialog. */
    public String sentence() {
        return "First connection to " + KnownHosts.key(host, port) + ": its identity is " + fingerprint + ". "
                + whereToCompare();
    }

    /** Where the person finds the fingerprint to compare this one with. */
    public String whereToCompare() {
        return isPeer()
                ? "Compare it with the identity the other person's window or console shows (\"Your identity is ...\")."
                : "Compare it with the fingerprint the relay printed when it started.";
    }
}
