package dev.duplex.core.internal.transport;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The heartbeat clock of one event loop: one periodic task per event loop and interval ticks every
 * {@link HeartbeatHandler} of that loop, instead of a timer per connection (a timer and its task
 * cost about 90 bytes of heap per connection, and a scheduler entry). It runs while it has members
 * and is dropped with its last one. Every member of a ticker is ticked at the same moment. Used
 * only on its event loop, except for the lookup table, which is concurrent.
 */
final class HeartbeatTicker implements Runnable {
    private static final ConcurrentHashMap<Key, HeartbeatTicker> TICKERS = new ConcurrentHashMap<>();

    private record Key(EventExecutor executor, long intervalMillis) {
    }

    private final Key key;
    private final ScheduledFuture<?> task;
    private HeartbeatHandler[] members = new HeartbeatHandler[8];
    private int size;

    private HeartbeatTicker(Key key) {
        this.key = key;
        this.task = key.executor.scheduleAtFixedRate(this, key.intervalMillis, key.intervalMillis,
                TimeUnit.MILLISECONDS);
    }

    /**
     * Adds {@code member} to the ticker of {@code executor} (the caller's own event loop) and
     * {@code intervalMillis}, starting that ticker if there is none.
     *
     * @return true if the member's first tick is a whole interval away (a new ticker); false if it
     *         joined a running ticker, whose next tick may come sooner
     */
    static boolean join(EventExecutor executor, long intervalMillis, HeartbeatHandler member) {
        assert executor.inEventLoop();
        boolean[] created = new boolean[1];
        HeartbeatTicker ticker = TICKERS.computeIfAbsent(new Key(executor, intervalMillis), k -> {
            created[0] = true;
            return new HeartbeatTicker(k);
        });
        ticker.add(member);
        return created[0];
    }

    private void add(HeartbeatHandler member) {
        if (size == members.length) {
            members = Arrays.copyOf(members, size * 2);
        }
        member.joined(this, size);
        members[size++] = member;
    }

    /** Removes {@code member} (at {@code slot}); the last member stops the ticker. */
    void leave(HeartbeatHandler member, int slot) {
        assert key.executor.inEventLoop();
        if (slot >= size || members[slot] != member) {
            return;
        }
        HeartbeatHandler last = members[--size];
        members[size] = null;
        if (last != member) {
            members[slot] = last;
            last.joined(this, slot);
        }
        if (size == 0) {
            task.cancel(false);
            TICKERS.remove(key, this);
        } else if (members.length > 64 && size < members.length / 4) {
            members = Arrays.copyOf(members, members.length / 2);
        }
    }

    /** Members now (for tests). */
    int size() {
        return size;
    }

    /** The ticker of {@code executor} and {@code intervalMillis}, or null (for tests). */
    static HeartbeatTicker find(EventExecutor executor, long intervalMillis) {
        return TICKERS.get(new Key(executor, intervalMillis));
    }

    @Override
    public void run() {
        // A tick may close a connection, and so change the members: tick a copy.
        HeartbeatHandler[] now = Arrays.copyOf(members, size);
        for (HeartbeatHandler member : now) {
            member.tick(this);
        }
    }
}
