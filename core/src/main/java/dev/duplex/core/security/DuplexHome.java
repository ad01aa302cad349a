package dev.duplex.core.security;

import java.nio.file.Path;

/**
 * Where duplex keeps its files by default: {@code ~/.duplex}, or the directory named by the
 * {@code duplex.home} system property or the {@code DUPLEX_HOME} environment variable (in that
 * order). Holds the identities ({@code relay/}, {@code peer/}) and the known hosts.
 */
public final class DuplexHome {
    private DuplexHome() {
    }

    /** The duplex home directory (not created here). */
    public static Path directory() {
        String property = System.getProperty("duplex.home");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String env = System.getenv("DUPLEX_HOME");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".duplex");
    }

    /** The relay's default data directory: {@code <home>/relay}. */
    public static Path relayDirectory() {
        return directory().resolve("relay");
    }

    /** A direct peer's default identity directory: {@code <home>/peer}. */
    public static Path peerDirectory() {
        return directory().resolve("peer");
    }

    /** The default known-hosts file: {@code <home>/known_hosts}. */
    public static Path knownHostsFile() {
        return directory().resolve("known_hosts");
    }
}
