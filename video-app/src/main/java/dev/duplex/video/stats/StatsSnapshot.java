package dev.duplex.video.stats;

import dev.duplex.video.codec.EncodeSettings;
import java.util.List;
import java.util.Locale;

/**
 * The numbers of one call over the last second (rates, latency) and so far (totals), for the stats
 * overlay and the headless per-second line.
 *
 * @param seconds         since the call started
 * @param sendFps         frames written to the connection per second
 * @param sendKbps        kilobits per second sent (frames written x their mean size)
 * @param sentWidth       size of the last frame sent
 * @param sentHeight      size of the last frame sent
 * @param settings        the compression in use
 * @param receiveFps      remote frames shown per second
 * @param receiveKbps     kilobits per second received
 * @param receivedWidth   size of the last frame received
 * @param receivedHeight  size of the last frame received
 * @param rttMs           heartbeat round-trip time, or -1 if unknown
 * @param latency         end-to-end latency over the last second
 * @param droppedCapture  total frames dropped between capture and encoder
 * @param droppedSend     total frames dropped between encoder and socket (core's backpressure)
 * @param droppedReceive  total frames dropped between socket and decoder
 * @param droppedDisplay  total frames decoded but replaced before painted
 * @param sent            total frames sent
 * @param received        total frames received
 * @param displayed       total frames shown
 * @param latencyMeasured false when frames carry no capture time (the lecture's format)
 * @param audio           the voice's figures (mouth-to-ear delay over the last second)
 */
public record StatsSnapshot(double seconds, double sendFps, double sendKbps, int sentWidth, int sentHeight,
                            EncodeSettings settings, double receiveFps, double receiveKbps, int receivedWidth,
                            int receivedHeight, double rttMs, LatencySummary latency, long droppedCapture,
                            long droppedSend, long droppedReceive, long droppedDisplay, long sent, long received,
                            long displayed, boolean latencyMeasured, AudioSnapshot audio) {

    /** Every frame dropped at any hand-off. */
    public long dropped() {
        return droppedCapture + droppedSend + droppedReceive + droppedDisplay;
    }

    /** One line for the headless mode's per-second output. */
    public String line() {
        return String.format(Locale.ROOT,
                "t=%.0fs send %.1f fps %.0f kbit/s %s %s | recv %.1f fps %.0f kbit/s %s | rtt %s ms | "
                        + "%s | dropped %d (capture %d, send %d, recv %d, display %d) | %s",
                seconds, sendFps, sendKbps, size(sentWidth, sentHeight), settings.describe(), receiveFps, receiveKbps,
                size(receivedWidth, receivedHeight), rtt(), latencyMeasured
                        ? "latency p50 " + latency.format(latency.p50Ms()) + " ms p99 " + latency.format(latency.p99Ms())
                        + " ms"
                        : "latency n/a (not measured)",
                dropped(), droppedCapture, droppedSend, droppedReceive, droppedDisplay, audio.describe());
    }

    /** The lines of the window's stats overlay. */
    public List<String> overlayLines() {
        return List.of(
                String.format(Locale.ROOT, "send  %5.1f fps %6.0f kbit/s  %s", sendFps, sendKbps,
                        size(sentWidth, sentHeight)),
                String.format(Locale.ROOT, "      %s", settings.describe()),
                String.format(Locale.ROOT, "recv  %5.1f fps %6.0f kbit/s  %s", receiveFps, receiveKbps,
                        size(receivedWidth, receivedHeight)),
                String.format(Locale.ROOT, "RTT   %s ms", rtt()),
                latencyMeasured
                        ? String.format(Locale.ROOT, "latency p50 %s ms  p99 %s ms", latency.format(latency.p50Ms()),
                        latency.format(latency.p99Ms()))
                        : "latency n/a (lecture format: no capture times)",
                String.format(Locale.ROOT, "dropped %d  (cap %d, send %d, recv %d, disp %d)", dropped(),
                        droppedCapture, droppedSend, droppedReceive, droppedDisplay),
                audio.describe());
    }

    private String rtt() {
        return rttMs < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", rttMs);
    }

    private static String size(int width, int height) {
        return width == 0 ? "-" : width + "x" + height;
    }
}
