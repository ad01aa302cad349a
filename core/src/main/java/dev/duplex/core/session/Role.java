package dev.duplex.core.session;

import dev.duplex.core.internal.protocol.Hello;

/** Which side of the handshake a session plays, and what follows from it. */
enum Role {
    /** Connects to a relay; the relay acknowledges texts. */
    RELAY_CLIENT(true, false, "relay"),
    /** Connects to a direct peer; both peers acknowledge each other's texts. */
    DIRECT_CONNECTOR(true, true, "peer"),
    /** Accepted a direct peer's connection. */
    DIRECT_ACCEPTOR(false, true, "peer");

    final boolean sendsHello;
    final boolean acknowledgesText;
    /** What the other side is called in sentences to people. */
    final String otherSide;

    Role(boolean sendsHello, boolean acknowledgesText, String otherSide) {
        this.sendsHello = sendsHello;
        this.acknowledgesText = acknowledgesText;
        this.otherSide = otherSide;
    }

    /**
     * The HELLO/WELCOME capabilities this side advertises: text and video; receipts when it does video
     * flow control; audio when it takes part in voice; a relay client asks for HISTORY_END.
     */
    int capabilities(boolean videoFlowControl, boolean audio) {
        return Hello.CAP_TEXT | Hello.CAP_VIDEO | (videoFlowControl ? Hello.CAP_VIDEO_RECEIPTS : 0)
                | (audio ? Hello.CAP_AUDIO : 0) | (this == RELAY_CLIENT ? Hello.CAP_HISTORY_END : 0);
    }
}
