package dev.duplex.core.session;

import dev.duplex.core.internal.transport.LinkStats;
import io.netty.channel.Channel;

/**
 * One connection of a session once its handshake is done, as the session's parts see it.
 *
 * @param channel          the connection
 * @param peerCapabilities what the other side advertised in HELLO or WELCOME
 * @param videoReceipts    whether video flow control (VIDEO_RECEIPT, both ways) is on for this connection
 * @param link             its heartbeat measurements (round trip, clock offset)
 */
record Connection(Channel channel, int peerCapabilities, boolean videoReceipts, LinkStats link) {

    /** True if the other side advertised capability {@code bit}. */
    boolean peerHas(int bit) {
        return (peerCapabilities & bit) != 0;
    }
}
