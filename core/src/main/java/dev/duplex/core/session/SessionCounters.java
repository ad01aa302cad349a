package dev.duplex.core.session;

import dev.duplex.core.internal.transport.FlowCounters;
import dev.duplex.core.internal.transport.LinkStats;
import java.util.concurrent.atomic.LongAdder;

/** A session's running totals and its current connection's measurements, for {@link Session#stats()}. Thread-safe. */
final class SessionCounters {
    /** What the connection's backpressure did (shared by all the session's connections). */
    final FlowCounters flow = new FlowCounters();
    private final LongAdder textSent = new LongAdder();
    private final LongAdder textReceived = new LongAdder();
    private final LongAdder videoSent = new LongAdder();
    private final LongAdder videoReceived = new LongAdder();
    private final LongAdder videoDroppedAtHandoff = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();
    private final LongAdder audioSent = new LongAdder();
    private final LongAdder audioReceived = new LongAdder();
    private final LongAdder audioDroppedAtHandoff = new LongAdder();
    private volatile LinkStats link = new LinkStats();

    void textSent() {
        textSent.increment();
    }

    void textReceived(int bytes) {
        textReceived.increment();
        bytesReceived.add(bytes);
    }

    void videoSent() {
        videoSent.increment();
    }

    void videoReceived(int bytes) {
        videoReceived.increment();
        bytesReceived.add(bytes);
    }

    /** A frame replaced in the hand-off slot before the event loop took it. */
    void videoDroppedAtHandoff() {
        videoDroppedAtHandoff.increment();
    }

    void audioSent() {
        audioSent.increment();
    }

    void audioReceived() {
        audioReceived.increment();
    }

    /** A packet dropped before the connection took it (hand-off overflow, or no connection any more). */
    void audioDroppedAtHandoff() {
        audioDroppedAtHandoff.increment();
    }

    /** The heartbeat measurements of the connection now in use. */
    void measuring(LinkStats current) {
        link = current;
    }

    SessionStats snapshot() {
        LinkStats l = link;
        return new SessionStats(textSent.sum(), textReceived.sum(), videoSent.sum(), videoReceived.sum(),
                videoDroppedAtHandoff.sum() + flow.videoDropped(), bytesReceived.sum(), l.rttMicros(),
                l.clockOffsetMicros(), l.outboundDelayMicros(), audioSent.sum(), audioReceived.sum(),
                audioDroppedAtHandoff.sum() + flow.audioDropped());
    }
}
