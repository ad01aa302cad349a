package dev.duplex.core.transport;

/**
 * What heartbeats measure on one connection: the latest round-trip time and an estimate of the
 * peer's clock offset (peer clock minus ours), both in microseconds. Written by the event loop,
 * read from any thread.
 */
public final class LinkStats {
    private volatile long rttMicros = -1;
    private volatile long clockOffsetMicros;
    private volatile long bestRttMicros = Long.MAX_VALUE;

    /** Latest round-trip time in microseconds, or -1 before the first PONG. */
    public long rttMicros() {
        return rttMicros;
    }

    /**
     * Peer clock minus local clock, in microseconds, from the PONG with the smallest round trip so
     * far (the least queueing, so the best estimate). 0 before the first PONG.
     */
    public long clockOffsetMicros() {
        return clockOffsetMicros;
    }

    /** The smallest round-trip time so far (the path without queues), or -1 before the first PONG. */
    public long bestRttMicros() {
        long best = bestRttMicros;
        return best == Long.MAX_VALUE ? -1 : best;
    }

    void record(long sentMicros, long peerMicros, long receivedMicros) {
        long rtt = Math.max(0, receivedMicros - sentMicros);
        rttMicros = rtt;
        if (rtt <= bestRttMicros) {
            bestRttMicros = rtt;
            clockOffsetMicros = peerMicros - (sentMicros + receivedMicros) / 2;
        }
    }
}
