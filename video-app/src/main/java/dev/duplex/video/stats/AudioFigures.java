package dev.duplex.video.stats;

/**
 * What a call's voice reports to the {@link StatsSampler} (the sessions report packets sent and
 * received). {@link #NONE} for a video-only call.
 */
public interface AudioFigures {
    /** A call without voice. */
    AudioFigures NONE = new AudioFigures() {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public LatencySummary latencyInterval() {
            return LatencySummary.EMPTY;
        }

        @Override
        public LatencySummary latencyTotal() {
            return LatencySummary.EMPTY;
        }

        @Override
        public int bufferedMillis() {
            return 0;
        }

        @Override
        public long concealed() {
            return 0;
        }
    };

    /** False for a video-only call. */
    boolean enabled();

    /** Mouth-to-ear delay since the previous call of this method. */
    LatencySummary latencyInterval();

    /** Mouth-to-ear delay over the whole call. */
    LatencySummary latencyTotal();

    /** The deepest jitter buffer now, in milliseconds. */
    int bufferedMillis();

    /** Slots rebuilt from FEC or concealed because their packet was lost or late. */
    long concealed();
}
