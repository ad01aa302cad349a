package dev.duplex.core.session;

import dev.duplex.core.internal.transport.LinkStats;
import io.netty.channel.Channel;

/**
 * One connection of a session once its handshake is done, as the session's parts see it.
 *
 * @param channel          the connection
 * @param peerCapabilities what the other side advertised in HELLO or WELCOME
 * @param receiptsToPeer   whether this side sends VIDEO_RECEIPTs for the video it receives (a direct
 *                         peer or a relay asked for them)
 * @param receiptsFromPeer whether the peer sends them for this side's video, which then waits for them
 *                         (direct mode only: a relay forwards none)
 * @param link             its heartbeat measurements (round trip, clock offset)
 */
record Connection(Channel channel, int peerCapabilities, boolean receiptsToPeer, boolean receiptsFromPeer,
                  LinkStats link) {

    /** True if the other side advertised capability {@code bit}. */
    boolean peerHas(int bit) {
        return (peerCapabilities & bit) != 0;
    }
}
