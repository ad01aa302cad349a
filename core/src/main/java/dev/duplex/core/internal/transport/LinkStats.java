package dev.duplex.core.internal.transport;

/**
 * What heartbeats measure on one connection: the latest round-trip time and an estimate of the
 * peer's clock offset (peer clock minus ours), both in microseconds. Written by the event loop,
 * read from any thread.
 */
public final class LinkStats {
    /** {@link #outboundDelayMicros()} before the first PONG (any other value may be negative). */
    public static final long UNKNOWN = Long.MIN_VALUE;
    private volatile long rttMicros = -1;
    private volatile long clockOffsetMicros;
    private volatile long bestRttMicros = Long.MAX_VALUE;
    private volatile long outboundDelayMicros = UNKNOWN;

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

    /**
     * The latest PING's way out: the peer's clock when it answered minus ours when it was sent, that
     * is the one-way delay towards the peer plus the clocks' offset; {@link #UNKNOWN} before the
     * first PONG. The
     * offset stays put, so a rise above its recent lowest is a queue on the way out, whatever the
     * way back does.
     */
    public long outboundDelayMicros() {
        return outboundDelayMicros;
    }

    /**
     * How long a frame's receipt cannot be back yet, from the heartbeats' round trips: the smallest
     * ({@code bestMicros}, the path without queues) plus the queue the latest one met ({@code latestMicros}
     * above the smallest), that queue counted up to one more smallest round trip. A frame waiting in a
     * queue on the path, or still crossing a slow link (a 12 KB frame takes 50 ms at 2 Mbit/s), is not
     * the peer being slow; but a queue this side builds must not let it build more, hence the bound.
     * A slow receiver's receipts are late while the heartbeats are not (its event loop answers them,
     * not its decoder): the window still holds for it. Not positive while unknown.
     */
    public static long receiptDelayMicros(long bestMicros, long latestMicros) {
        if (bestMicros <= 0) {
            return bestMicros;
        }
        return bestMicros + Math.min(bestMicros, Math.max(0, latestMicros - bestMicros));
    }

    /** {@link #receiptDelayMicros(long, long)} from this connection's round trips. */
    public long receiptDelayMicros() {
        return receiptDelayMicros(bestRttMicros(), rttMicros);
    }

    void record(long sentMicros, long peerMicros, long receivedMicros) {
        long rtt = Math.max(0, receivedMicros - sentMicros);
        rttMicros = rtt;
        outboundDelayMicros = peerMicros - sentMicros;
        if (rtt <= bestRttMicros) {
            bestRttMicros = rtt;
            clockOffsetMicros = peerMicros - (sentMicros + receivedMicros) / 2;
        }
    }
}
