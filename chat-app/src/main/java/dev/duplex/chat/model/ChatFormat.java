package dev.duplex.chat.model;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How times and round-trip times read, the same in the window and in the terminal. */
public final class ChatFormat {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private ChatFormat() {
    }

    private static final DateTimeFormatter DAY_AND_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    /**
     * {@code 12:01:05} for a time of the same day as {@code now}, {@code 2026-11-30 18:04} for an
     * older one (replayed history), in this machine's time zone.
     */
    public static String when(Instant instant, Instant now) {
        ZoneId zone = ZoneId.systemDefault();
        boolean today = instant.atZone(zone).toLocalDate().equals(now.atZone(zone).toLocalDate());
        return today ? TIME.format(instant) : DAY_AND_TIME.format(instant);
    }

    /** {@code 12:01:05}, in this machine's time zone. */
    public static String time(Instant instant) {
        return TIME.format(instant);
    }

    /** {@code 0.42 ms}, {@code 12 ms}, or an empty string while unknown. */
    public static String rtt(long micros) {
        if (micros < 0) {
            return "";
        }
        double millis = micros / 1000.0;
        return millis < 10 ? String.format(Locale.ROOT, "%.2f ms", millis) : Math.round(millis) + " ms";
    }
}
