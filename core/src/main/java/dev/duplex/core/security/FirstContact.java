package dev.duplex.core.security;

/**
 * A server identity met for the first time: nothing is known or pinned for {@code host:port}.
 *
 * @param host        the host as the user gave it
 * @param port        the port
 * @param fingerprint the fingerprint the server presented
 */
public record FirstContact(String host, int port, Fingerprint fingerprint) {

    /** A sentence like SSH's first-contact message, for a terminal or a dialog. */
    public String sentence() {
        return "First connection to " + KnownHosts.key(host, port) + ": its identity is " + fingerprint
                + ". Compare it with the fingerprint the relay printed when it started.";
    }
}
