package dev.duplex.core.session;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The addresses a client may reach its relay at (the nodes of a cluster), tried in turn: one dial
 * tries each at most once, from the first address on the first dial and from the one after the
 * last used on every later dial (so a reconnect after a node died goes to another node first).
 * Confined to the session's event loop.
 */
final class RelayAddresses {
    private final List<HostPort> all;
    private int current;
    private boolean dialed;

    RelayAddresses(List<HostPort> all) {
        if (all.isEmpty()) {
            throw new IllegalArgumentException("addresses: none (expected: at least one HOST:PORT)");
        }
        this.all = List.copyOf(all);
    }

    /** The address being dialed, or last dialed. */
    HostPort current() {
        return all.get(current);
    }

    List<HostPort> all() {
        return all;
    }

    /** The addresses in words: {@code a:24100} or {@code a:24100, b:24100}. */
    String describe() {
        return all.stream().map(HostPort::toString).collect(Collectors.joining(", "));
    }

    /** Dials the addresses in turn until one connects; fails with the last address's failure. */
    Future<Void> dial(Bootstrap bootstrap, EventLoop loop) {
        assert loop.inEventLoop();
        Promise<Void> done = loop.newPromise();
        int start = dialed ? (current + 1) % all.size() : current;
        dialed = true;
        attempt(bootstrap, start, 0, done);
        return done;
    }

    private void attempt(Bootstrap bootstrap, int index, int tried, Promise<Void> done) {
        current = index;
        HostPort target = all.get(index);
        bootstrap.connect(target.host(), target.port()).addListener(f -> {
            if (f.isSuccess()) {
                done.trySuccess(null);
            } else if (tried + 1 >= all.size()) {
                done.tryFailure(f.cause());
            } else {
                attempt(bootstrap, (index + 1) % all.size(), tried + 1, done);
            }
        });
    }
}
