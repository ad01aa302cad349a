package dev.duplex.core.security;

import java.nio.file.Path;

/**
 * Another program sharing a known-hosts file, for {@code KnownHostsTest}: remembers
 * {@code count} entries {@code host:1000..} with one fingerprint, one after the other, then waits
 * until they are written. Arguments: file, host, count, fingerprint.
 */
public final class KnownHostsWriter {
    private KnownHostsWriter() {
    }

    public static void main(String[] args) throws Exception {
        KnownHosts hosts = KnownHosts.open(Path.of(args[0]));
        Fingerprint fingerprint = Fingerprint.parse(args[3]);
        for (int i = 0; i < Integer.parseInt(args[2]); i++) {
            hosts.remember(args[1], 1000 + i, fingerprint);
        }
        hosts.awaitWrites();
    }
}
