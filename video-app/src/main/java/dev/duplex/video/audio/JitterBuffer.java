package dev.duplex.video.audio;

import dev.duplex.core.session.AudioMessage;
import java.util.Arrays;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One remote voice's packets between the network and the speaker. Packets arrive when the network
 * brings them (late, out of order, or never); the playout thread asks for one every 20 ms and is told
 * what to play in that slot: the packet, a packet rebuilt from the next one's FEC, a concealed
 * guess, or silence (the voice is not talking).
 * <p>
 * <b>Delay.</b> Playing starts once {@code target} frames wait (a talk spurt's prefill). The target
 * follows the jitter: over the last {@link #JITTER_WINDOW} packets, how much later than the earliest
 * one (capture to arrival) the 95th percentile came, in frames, plus one for the playout's 20 ms
 * tick; at least {@link #MIN_TARGET_FRAMES} (40 ms), {@link #START_TARGET_FRAMES} (60 ms) until
 * enough packets were seen. A packet that still came too late to be played adds a frame on top, taken
 * off again after {@link #CALM_SLOTS} slots without one. When more than the target waits for
 * {@link #DEEP_SLOTS} slots in a row (a burst arrived), the oldest is skipped to catch up. Never more
 * than {@code maxFrames} (200 ms by default) wait: a packet beyond that pushes the oldest out at once.
 * <p>
 * <b>Gaps.</b> A missing packet with later ones waiting is lost or late: it is rebuilt from the next
 * packet's FEC if that one is here, else concealed; a packet that arrives after its slot is dropped
 * (counted as late). When nothing waits at all the voice is concealed for up to
 * {@link #MAX_CONCEAL_FRAMES} slots and then falls silent (the sender stopped talking, or left);
 * concealment at the end of a talk spurt is not counted, since nothing was lost.
 * <p>
 * Bounded: at most {@code maxFrames} packets are held. Thread-safe (offered on the event loop,
 * polled by the playout thread).
 */
public final class JitterBuffer {
    /** The lowest target delay: 40 ms. */
    public static final int MIN_TARGET_FRAMES = 2;
    /** The target delay of a new voice: 60 ms. */
    public static final int START_TARGET_FRAMES = 3;
    /** The most frames held, by default: 200 ms. */
    public static final int DEFAULT_MAX_FRAMES = 10;
    /** Slots concealed when nothing waits before the voice is taken as silent. */
    public static final int MAX_CONCEAL_FRAMES = 5;
    /** Packets whose capture-to-arrival times the jitter estimate looks at (2 s of voice). */
    static final int JITTER_WINDOW = 100;
    /** Packets seen before the estimate replaces the starting target. */
    static final int MIN_JITTER_SAMPLES = 10;
    /** Slots without a late packet before a frame added for one is taken off again (1 s). */
    static final int CALM_SLOTS = 50;
    /** Slots in a row with more than the target waiting before the oldest is skipped (200 ms). */
    static final int DEEP_SLOTS = 10;

    /** What to do with one 20 ms slot. */
    public enum Action {
        /** Decode {@link Slot#packet()}. */
        PLAY,
        /** The slot's packet is missing: rebuild it from the FEC of {@link Slot#packet()}, the next one. */
        RECOVER,
        /** The slot's packet is missing and nothing to rebuild it from: let the decoder guess. */
        CONCEAL,
        /** The voice is not talking: nothing to play. */
        SILENCE
    }

    /** One slot's instruction. */
    public record Slot(Action action, AudioMessage packet) {
        static final Slot CONCEAL = new Slot(Action.CONCEAL, null);
        static final Slot SILENCE = new Slot(Action.SILENCE, null);
    }

    private final int maxFrames;
    private final int maxTarget;
    /** By sequence; bounded by maxFrames: every key is in [nextSequence, nextSequence + maxFrames). */
    private final TreeMap<Long, AudioMessage> waiting = new TreeMap<>();
    private boolean playing;
    private long nextSequence;
    private int target = START_TARGET_FRAMES;
    /** Frames added for packets that came too late despite the estimate. */
    private int latePenalty;
    /** Capture-to-arrival times of the last packets (microseconds), a ring of JITTER_WINDOW. */
    private final long[] transits = new long[JITTER_WINDOW];
    private int transitCount;
    private int transitNext;
    private int concealRun;
    private int lateSinceAdjust;
    private int calmSlots;
    private int deepSlots;
    private long played;
    private long concealed;
    private long late;
    private long skipped;

    public JitterBuffer() {
        this(DEFAULT_MAX_FRAMES);
    }

    /** @param maxFrames the most frames held, and so the most delay added, in 20 ms frames (at least 4) */
    public JitterBuffer(int maxFrames) {
        if (maxFrames < START_TARGET_FRAMES + 1) {
            throw new IllegalArgumentException("maxFrames: " + maxFrames + " (expected: >= " + (START_TARGET_FRAMES + 1) + ")");
        }
        this.maxFrames = maxFrames;
        this.maxTarget = maxFrames - 2;
    }

    /** A packet from the network. */
    public synchronized void offer(AudioMessage packet) {
        transits[transitNext] = packet.receivedMicros() - packet.captureTimeMicros();
        transitNext = (transitNext + 1) % JITTER_WINDOW;
        transitCount = Math.min(JITTER_WINDOW, transitCount + 1);
        long sequence = packet.sequence();
        if (!playing) {
            if (waiting.isEmpty() || sequence > nextSequence - maxFrames && sequence < nextSequence) {
                nextSequence = waiting.isEmpty() ? sequence : Math.min(nextSequence, sequence);
            }
        }
        if (sequence < nextSequence) {
            late++;
            lateSinceAdjust++;
            return;
        }
        waiting.putIfAbsent(sequence, packet);
        // Never more than maxFrames behind the newest: the oldest give way at once (in one step, however
        // far the newest jumped ahead).
        long oldestKept = waiting.lastKey() - maxFrames + 1;
        if (oldestKept > nextSequence) {
            SortedMap<Long, AudioMessage> pushedOut = waiting.headMap(oldestKept);
            skipped += pushedOut.size();
            pushedOut.clear();
            nextSequence = oldestKept;
        }
    }

    /** What to play in the next 20 ms slot. */
    public synchronized Slot poll() {
        if (!playing) {
            target = Math.max(MIN_TARGET_FRAMES, Math.min(maxTarget, jitterFrames() + latePenalty));
            if (waiting.isEmpty() || depth() < target) {
                return Slot.SILENCE;
            }
            playing = true;
        }
        AudioMessage packet = waiting.remove(nextSequence++);
        adapt();
        if (packet != null || !waiting.isEmpty()) {
            concealed += concealRun; // the voice went on after those slots: they were real losses
            concealRun = 0;
        }
        if (packet != null) {
            played++;
            return new Slot(Action.PLAY, packet);
        }
        if (!waiting.isEmpty()) {
            concealed++;
            AudioMessage next = waiting.get(nextSequence);
            return next != null ? new Slot(Action.RECOVER, next) : Slot.CONCEAL;
        }
        if (concealRun < MAX_CONCEAL_FRAMES) {
            concealRun++; // counted only if the voice goes on (see above)
            return Slot.CONCEAL;
        }
        playing = false;
        concealRun = 0;
        return Slot.SILENCE;
    }

    private void adapt() {
        if (lateSinceAdjust > 0) {
            latePenalty = Math.min(maxTarget, latePenalty + 1);
            lateSinceAdjust = 0;
            calmSlots = 0;
        } else if (++calmSlots >= CALM_SLOTS) {
            latePenalty = Math.max(0, latePenalty - 1);
            calmSlots = 0;
        }
        target = Math.max(MIN_TARGET_FRAMES, Math.min(maxTarget, jitterFrames() + latePenalty));
        if (depth() > target + 1) {
            if (++deepSlots >= DEEP_SLOTS) {
                if (waiting.remove(nextSequence) != null) {
                    skipped++;
                }
                nextSequence++;
                deepSlots = 0;
            }
        } else {
            deepSlots = 0;
        }
    }

    /**
     * Frames of delay the recent jitter calls for: the 95th percentile of capture-to-arrival time
     * above the quickest, plus a frame for the playout tick.
     */
    private int jitterFrames() {
        if (transitCount < MIN_JITTER_SAMPLES) {
            return START_TARGET_FRAMES;
        }
        long[] sorted = Arrays.copyOf(transits, transitCount);
        Arrays.sort(sorted);
        long spread = sorted[(int) Math.ceil(0.95 * sorted.length) - 1] - sorted[0];
        return (int) ((spread + Pcm.FRAME_MICROS - 1) / Pcm.FRAME_MICROS) + 1;
    }

    /** Frames from the next slot to the newest packet, gaps included (0 when nothing waits). */
    private int depth() {
        return waiting.isEmpty() ? 0 : (int) (waiting.lastKey() - nextSequence + 1);
    }

    /** Milliseconds of voice waiting now. */
    public synchronized int depthMillis() {
        return depth() * Pcm.FRAME_MILLIS;
    }

    /** The delay the buffer aims for now, in milliseconds. */
    public synchronized int targetMillis() {
        return target * Pcm.FRAME_MILLIS;
    }

    /** True while the voice is being played (not silent). */
    public synchronized boolean playing() {
        return playing;
    }

    /** Packets played. */
    public synchronized long played() {
        return played;
    }

    /** Slots filled by FEC or concealment because their packet was lost or late. */
    public synchronized long concealed() {
        return concealed;
    }

    /** Packets that arrived after their slot had been played. */
    public synchronized long late() {
        return late;
    }

    /** Packets skipped to keep the delay down (a burst beyond the target, or beyond the maximum). */
    public synchronized long skipped() {
        return skipped;
    }
}
