package dev.duplex.core.session;

import dev.duplex.core.Status;
import dev.duplex.core.internal.protocol.Frame;

/**
 * One kind of media a session carries, one direction of it: text, video and voice, each with a
 * sending and a receiving part. The session tells every stream when a connection is ready and when
 * it is gone, offers it each frame that arrives, and closes it with the session; each stream keeps its own bounded state. Everything here runs on the session's event
 * loop; a stream's own sending methods may be called from any thread and hop to the loop.
 */
interface MediaStream {

    /** A connection finished its handshake; from now on this stream may write to it. */
    void connected(Connection connection);

    /** The connection is gone (a new one may follow): nothing more is written to it. */
    void disconnected();

    /**
     * A frame arrived after the handshake.
     *
     * @return true if this stream took it (it is not offered to the other streams)
     */
    boolean read(Frame frame);

    /** The session is over for {@code reason}: release what is held, fail what still waits. */
    void closed(Status reason);
}
