package dev.duplex.core.fuzz;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * An allocator for fuzzing that fails on any request over a bound (including a buffer growing past
 * it) and remembers every buffer it made, so a run can check that each was released. A decoder that
 * allocates what a length field claims fails here at once. Not thread-safe: one per run, on one
 * thread.
 */
final class BoundedAllocator extends AbstractByteBufAllocator {
    private final List<ByteBuf> allocated = new ArrayList<>();
    private int bound;
    private int largest;

    BoundedAllocator() {
        super(false);
    }

    /** Starts a new input: forgets earlier buffers and sets the largest single allocation allowed. */
    void reset(int bound) {
        this.bound = bound;
        this.largest = 0;
        allocated.clear();
    }

    /** The largest allocation asked for since {@link #reset}. */
    int largest() {
        return largest;
    }

    /** Buffers made since {@link #reset} that still hold a reference. */
    List<ByteBuf> unreleased() {
        return allocated.stream().filter(b -> b.refCnt() > 0).toList();
    }

    /** Releases whatever is still held (after a finding), so one finding does not cascade into leaks. */
    void releaseAll() {
        for (ByteBuf b : allocated) {
            if (b.refCnt() > 0) {
                b.release(b.refCnt());
            }
        }
    }

    private void check(int size) {
        largest = Math.max(largest, size);
        if (size > bound) {
            throw new AllocationTooLargeError(size, bound);
        }
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        check(initialCapacity);
        ByteBuf buf = new CheckedHeapBuf(this, initialCapacity, maxCapacity);
        allocated.add(buf);
        return buf;
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        return newHeapBuffer(initialCapacity, maxCapacity);
    }

    @Override
    public boolean isDirectBufferPooled() {
        return false;
    }

    /** A heap buffer whose growth is checked against the bound too. */
    private static final class CheckedHeapBuf extends UnpooledHeapByteBuf {
        private final BoundedAllocator owner;

        CheckedHeapBuf(BoundedAllocator owner, int initialCapacity, int maxCapacity) {
            super(owner, initialCapacity, maxCapacity);
            this.owner = owner;
        }

        @Override
        protected byte[] allocateArray(int initialCapacity) {
            if (owner != null) {
                owner.check(initialCapacity);
            }
            return super.allocateArray(initialCapacity);
        }
    }

    /** Thrown (as an Error, so no decoder swallows it) on an allocation over the bound. */
    static final class AllocationTooLargeError extends Error {
        private static final long serialVersionUID = 1L;

        AllocationTooLargeError(int size, int bound) {
            super("allocation of " + size + " bytes is over the bound of " + bound + " bytes");
        }
    }
}
