package dev.duplex.video.stats;

import dev.duplex.core.session.Session;
import dev.duplex.core.session.SessionStats;
import dev.duplex.video.adapt.LinkSample;

/**
 * Turns the running counters of a call into a {@link StatsSnapshot} once a second (rates from the
 * difference with the previous sample), and into the {@link CallSummary} at the end. Sessions may
 * come and go (a listening peer takes one caller after another): their counters are added up.
 * Used by one thread at a time.
 */
public final class StatsSampler {
    private final CallStats stats;
    private final AudioFigures audio;
    private Session lastSession;
    private long baseSent;
    private long baseDropped;
    private long baseAudioSent;
    private long baseAudioReceived;
    private long prevSent;
    private long prevEncoded;
    private long prevEncodedBytes;
    private long prevDisplayed;
    private long prevReceivedBytes;
    private long prevSessionDropped;
    private long prevOffered;
    private long prevHeldNanos;
    private double prevSeconds;
    private double lastRttMs = -1;
    private long lastOutboundDelay = LinkSample.NO_DELAY;
    private long prevSampleDelay = LinkSample.NO_DELAY;
    private double lastInterval;
    private long lastSentDelta;
    private double lastMeanBytes;


    public StatsSampler(CallStats stats) {
        this(stats, AudioFigures.NONE);
    }

    /** With the figures of the call's voice ({@link AudioFigures#NONE} for video only). */
    public StatsSampler(CallStats stats, AudioFigures audio) {
        this.stats = stats;
        this.audio = audio;
    }

    /** Frames sent, frames dropped by the connection, RTT, and audio packets, summed over every session seen. */
    private record SessionTotals(long sent, long dropped, double rttMs, long audioSent, long audioReceived) {
    }

    private SessionTotals sessionTotals(Session current) {
        if (current != lastSession) {
            if (lastSession != null) {
                SessionStats last = lastSession.stats();
                baseSent += last.videoSent();
                baseDropped += last.videoDropped();
                baseAudioSent += last.audioSent();
                baseAudioReceived += last.audioReceived();
            }
            lastSession = current;
        }
        if (current == null) {
            return new SessionTotals(baseSent, baseDropped, lastRttMs, baseAudioSent, baseAudioReceived);
        }
        SessionStats s = current.stats();
        if (s.rttMicros() >= 0) {
            lastRttMs = s.rttMicros() / 1000.0;
            lastOutboundDelay = s.outboundDelayMicros();
        }
        return new SessionTotals(baseSent + s.videoSent(), baseDropped + s.videoDropped(), lastRttMs,
                baseAudioSent + s.audioSent(), baseAudioReceived + s.audioReceived());
    }

    /** The numbers since the previous sample; {@code current} is the live session or null. */
    public StatsSnapshot sample(Session current) {
        SessionTotals session = sessionTotals(current);
        double now = stats.elapsedSeconds();
        double dt = Math.max(1e-3, now - prevSeconds);
        long encoded = stats.encoded.sum();
        long encodedBytes = stats.encodedBytes.sum();
        long displayed = stats.displayed.sum();
        long receivedBytes = stats.receivedBytes.sum();
        long sentDelta = session.sent() - prevSent;
        long encodedDelta = encoded - prevEncoded;
        double meanBytes = encodedDelta > 0 ? (double) (encodedBytes - prevEncodedBytes) / encodedDelta : 0;
        StatsSnapshot snapshot = new StatsSnapshot(now, sentDelta / dt, sentDelta * meanBytes * 8 / 1000 / dt,
                stats.sentWidth(), stats.sentHeight(), stats.settings(), (displayed - prevDisplayed) / dt,
                (receivedBytes - prevReceivedBytes) * 8 / 1000.0 / dt, stats.receivedWidth(), stats.receivedHeight(),
                session.rttMs(), stats.latency().interval(), stats.droppedCapture.sum(), session.dropped(),
                stats.droppedReceive.sum(), stats.droppedDisplay.sum(), session.sent(), stats.received.sum(),
                displayed, stats.latencyMeasured(), audio(session, audio.latencyInterval()));
        lastInterval = dt;
        lastSentDelta = sentDelta;
        lastMeanBytes = meanBytes;
        prevSent = session.sent();
        prevEncoded = encoded;
        prevEncodedBytes = encodedBytes;
        prevDisplayed = displayed;
        prevReceivedBytes = receivedBytes;
        prevSeconds = now;
        return snapshot;
    }

    /**
     * What the adaptive controller needs from the last interval: frames offered to the connection,
     * frames the connection dropped for backpressure (replaced before they could be written), frames
     * written and their mean size, and the heartbeat's outbound delay if a new one was measured.
     * Call right after {@link #sample}.
     */
    public LinkSample linkSample(StatsSnapshot snapshot) {
        long offered = stats.encoded.sum() - stats.notConnected.sum() - stats.oversize.sum();
        // The same value again means no PONG came in the interval: no news about the queue.
        boolean fresh = lastOutboundDelay != LinkSample.NO_DELAY && lastOutboundDelay != prevSampleDelay;
        long held = stats.heldByReceiverNanos.sum();
        // The interval in which the first frame went out counts from that frame: the time before
        // it (connecting) carried nothing, and would make the link look slower than it is.
        double seconds = prevOffered == 0 && offered > 0 && stats.firstOfferedSeconds() >= 0
                ? Math.min(lastInterval, Math.max(0.1, snapshot.seconds() - stats.firstOfferedSeconds()))
                : lastInterval;
        LinkSample values = new LinkSample(seconds, offered - prevOffered,
                snapshot.droppedSend() - prevSessionDropped, lastSentDelta, lastMeanBytes,
                fresh ? lastOutboundDelay : LinkSample.NO_DELAY, (held - prevHeldNanos) / 1e9);
        prevOffered = offered;
        prevHeldNanos = held;
        prevSessionDropped = snapshot.droppedSend();
        prevSampleDelay = lastOutboundDelay;
        return values;
    }

    /** The totals of the call; {@code current} is the live session or null. */
    public CallSummary summary(Session current) {
        SessionTotals session = sessionTotals(current);
        return new CallSummary(stats.elapsedSeconds(), session.sent(), stats.received.sum(), stats.displayed.sum(),
                stats.latency().total(), stats.droppedCapture.sum(), session.dropped(), stats.droppedReceive.sum(),
                stats.droppedDisplay.sum(), stats.settings(), session.rttMs(), audio(session, audio.latencyTotal()));
    }

    private AudioSnapshot audio(SessionTotals session, LatencySummary latency) {
        return audio.enabled() ? new AudioSnapshot(true, session.audioSent(), session.audioReceived(), latency,
                audio.bufferedMillis(), audio.concealed()) : AudioSnapshot.OFF;
    }
}
