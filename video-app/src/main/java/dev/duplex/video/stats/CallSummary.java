package dev.duplex.video.stats;

import dev.duplex.video.codec.EncodeSettings;
import java.util.Locale;

/**
 * The totals of a finished call, printed by the headless mode as one line of key=value tokens.
 *
 * @param seconds        how long the call ran
 * @param sent           frames written to the connection
 * @param received       frames received
 * @param displayed      frames shown
 * @param latency        end-to-end latency over the whole call
 * @param droppedCapture frames dropped between capture and encoder
 * @param droppedSend    frames dropped between encoder and socket
 * @param droppedReceive frames dropped between socket and decoder
 * @param droppedDisplay frames dropped between decoder and screen
 * @param settings       the compression at the end
 * @param rttMs          last round-trip time, or -1
 * @param audio          the voice's totals (mouth-to-ear delay over the whole call)
 */
public record CallSummary(double seconds, long sent, long received, long displayed, LatencySummary latency,
                          long droppedCapture, long droppedSend, long droppedReceive, long droppedDisplay,
                          EncodeSettings settings, double rttMs, AudioSnapshot audio) {

    /** Every frame dropped at any hand-off. */
    public long dropped() {
        return droppedCapture + droppedSend + droppedReceive + droppedDisplay;
    }

    /** Remote frames shown per second over the call. */
    public double fps() {
        return seconds > 0 ? displayed / seconds : 0;
    }

    /** Frames sent per second over the call. */
    public double sendFps() {
        return seconds > 0 ? sent / seconds : 0;
    }

    /** "summary sent=… received=… fps=… latency_p50_ms=… latency_p99_ms=… dropped=… … audio_sent=… …". */
    public String line() {
        return String.format(Locale.ROOT,
                "summary seconds=%.1f sent=%d received=%d displayed=%d fps=%.1f send_fps=%.1f "
                        + "latency_p50_ms=%s latency_p99_ms=%s latency_max_ms=%s dropped=%d dropped_capture=%d "
                        + "dropped_send=%d dropped_receive=%d dropped_display=%d quality=%d scale=%.2f rtt_ms=%s %s",
                seconds, sent, received, displayed, fps(), sendFps(), latency.format(latency.p50Ms()),
                latency.format(latency.p99Ms()), latency.format(latency.maxMs()), dropped(), droppedCapture,
                droppedSend, droppedReceive, droppedDisplay, settings.quality(), settings.scale(),
                rttMs < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", rttMs), audio.summaryTokens());
    }
}
