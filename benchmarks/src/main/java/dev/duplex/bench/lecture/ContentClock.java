package dev.duplex.bench.lecture;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Capture times by frame content, for a format that carries no timestamp (the lecture's): the
 * sender notes each JPEG's hash with its capture time, the receiver (in the same process) looks the
 * bytes up. Holds at most {@value #CAPACITY} entries, the oldest forgotten first.
 */
final class ContentClock {
    private static final int CAPACITY = 4096;

    private final Map<Integer, Long> sent = new LinkedHashMap<>(CAPACITY * 2, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Long> eldest) {
            return size() > CAPACITY;
        }
    };

    synchronized void sent(byte[] jpeg, long captureMicros) {
        sent.put(Arrays.hashCode(jpeg), captureMicros);
    }

    /** The capture time of these bytes, or 0 if they were never noted. */
    synchronized long captureOf(byte[] jpeg) {
        return sent.getOrDefault(Arrays.hashCode(jpeg), 0L);
    }
}
