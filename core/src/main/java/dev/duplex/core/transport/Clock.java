package dev.duplex.core.transport;

import java.time.Instant;

/** Wall-clock microseconds, the unit of every timestamp on the wire. */
public final class Clock {
    private Clock() {
    }

    /** This machine's wall clock in microseconds since the epoch (the unit of the protocol's timestamps). */
    public static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
