package dev.duplex.core.internal.transport;

import dev.duplex.core.internal.Checks;

/**
 * The limits of a {@link WriteBatch}: how many writes it holds before it submits itself, after how
 * many writes to one channel that channel is flushed, and how many writes an event loop makes of
 * batches before it does its socket IO again.
 *
 * @param maxWrites     writes held before the batch submits itself
 * @param writesPerFlush writes to one channel within a loop's turn after which it is flushed
 * @param writesPerTurn writes a loop makes of batches before its next IO round
 */
public record BatchLimits(int maxWrites, int writesPerFlush, int writesPerTurn) {
    /** {@link WriteBatch#DEFAULT_MAX_WRITES}, {@link WriteBatch#DEFAULT_WRITES_PER_FLUSH}, {@link WriteBatch#DEFAULT_WRITES_PER_TURN}. */
    public static final BatchLimits DEFAULT = new BatchLimits(WriteBatch.DEFAULT_MAX_WRITES,
            WriteBatch.DEFAULT_WRITES_PER_FLUSH, WriteBatch.DEFAULT_WRITES_PER_TURN);

    /** Checks that each limit is positive. */
    public BatchLimits {
        Checks.positive("maxWrites", maxWrites);
        Checks.positive("writesPerFlush", writesPerFlush);
        Checks.positive("writesPerTurn", writesPerTurn);
    }
}
