package dev.duplex.core.internal.transport;

import dev.duplex.core.internal.Checks;

/**
 * The limits of a {@link WriteBatch}: how many writes it holds before it submits itself, after how
 * many writes to one channel that channel is flushed, and how many writes an event loop makes of
 * batches before it does its socket IO again, and how many bytes of small frames a loop's turn
 * copies into one write to a channel ({@link LoopWriter}).
 *
 * @param maxWrites     writes held before the batch submits itself
 * @param writesPerFlush writes to one channel within a loop's turn after which it is flushed
 * @param writesPerTurn writes a loop makes of batches before its next IO round
 * @param maxCoalescedBytes most bytes of small frames written to a channel as one write (0: none)
 */
public record BatchLimits(int maxWrites, int writesPerFlush, int writesPerTurn, int maxCoalescedBytes) {
    /** Most bytes a run of small frames may have ({@value}). */
    public static final int MAX_COALESCED_BYTES_LIMIT = 1 << 20;
    /** The {@link WriteBatch} defaults. */
    public static final BatchLimits DEFAULT = new BatchLimits(WriteBatch.DEFAULT_MAX_WRITES,
            WriteBatch.DEFAULT_WRITES_PER_FLUSH, WriteBatch.DEFAULT_WRITES_PER_TURN,
            WriteBatch.DEFAULT_MAX_COALESCED_BYTES);

    /** Checks that each count is positive and {@code maxCoalescedBytes} within 0 to {@link #MAX_COALESCED_BYTES_LIMIT}. */
    public BatchLimits {
        Checks.positive("maxWrites", maxWrites);
        Checks.positive("writesPerFlush", writesPerFlush);
        Checks.positive("writesPerTurn", writesPerTurn);
        checkMaxCoalescedBytes(maxCoalescedBytes);
    }

    /** Returns {@code value} if it is 0 to {@link #MAX_COALESCED_BYTES_LIMIT}; throws otherwise. */
    public static int checkMaxCoalescedBytes(int value) {
        if (value < 0 || value > MAX_COALESCED_BYTES_LIMIT) {
            throw new IllegalArgumentException("maxCoalescedBytes must be 0 to " + MAX_COALESCED_BYTES_LIMIT
                    + " bytes, was " + value);
        }
        return value;
    }
}
