package dev.duplex.core.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Where duplex keeps its files (identities {@code relay/}, {@code peer/}, and the known hosts): the
 * directory named by the {@code duplex.home} system property or the {@code DUPLEX_HOME} environment
 * variable (in that order); else {@code ~/.duplex} if it exists (where every earlier version kept
 * them, so identities and known hosts stay what they were); else the system's usual per-user place:
 * {@code %APPDATA%\duplex} on Windows, {@code ~/Library/Application Support/duplex} on macOS,
 * {@code ~/.duplex} elsewhere.
 */
public final class DuplexHome {
    private DuplexHome() {
    }

    /** The duplex home directory (not created here). */
    public static Path directory() {
        return resolve(System::getProperty, System::getenv, Path.of(System.getProperty("user.home")), Files::isDirectory);
    }

    /**
     * The rule of {@link #directory()} on given inputs.
     *
     * @param property system properties ({@code duplex.home}, {@code os.name})
     * @param env      environment variables ({@code DUPLEX_HOME}, {@code APPDATA})
     * @param userHome the user's home directory
     * @param exists   whether a directory exists (only {@code ~/.duplex} is asked about)
     */
    static Path resolve(Function<String, String> property, Function<String, String> env, Path userHome,
                        Predicate<Path> exists) {
        String explicit = property.apply("duplex.home");
        if (isSet(explicit)) {
            return Path.of(explicit);
        }
        explicit = env.apply("DUPLEX_HOME");
        if (isSet(explicit)) {
            return Path.of(explicit);
        }
        Path legacy = userHome.resolve(".duplex");
        if (exists.test(legacy)) {
            // A new place would mean a new identity: every peer that knew the old one would be warned.
            return legacy;
        }
        String os = String.valueOf(property.apply("os.name")).toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            String appData = env.apply("APPDATA");
            return (isSet(appData) ? Path.of(appData) : userHome.resolve("AppData").resolve("Roaming")).resolve("duplex");
        }
        if (os.startsWith("mac")) {
            return userHome.resolve("Library").resolve("Application Support").resolve("duplex");
        }
        return legacy;
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
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
