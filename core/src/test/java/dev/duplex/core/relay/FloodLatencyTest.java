package dev.duplex.core.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.core.internal.protocol.FrameCodec;
import dev.duplex.core.internal.protocol.Hello;
import dev.duplex.core.internal.protocol.TextFrame;
import dev.duplex.core.internal.protocol.Wire;
import dev.duplex.core.session.DuplexClient;
import dev.duplex.core.session.Session;
import dev.duplex.core.testing.RecordingListener;
import dev.duplex.core.transport.AbuseLimits;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Flooders that send TEXT as fast as they can, each frame a new message (and reconnect whenever they
 * are cut off), do not slow a quiet member of the same room: its text round trip (send to ACK)
 * stays under 100 ms at the 99th percentile while the relay rate-limits the flooders, stores and
 * forwards what the limits let through, and the quiet member's messages all arrive in order.
 */
class FloodLatencyTest {
    /** The bound README states and this test asserts: a quiet member's p99 text round trip under flood. */
    private static final double P99_BOUND_MILLIS = 100;
    /**
     * Round trips measured per phase: 500, so that the 99th percentile is about the 5th-worst sample, not the
     * 2nd-worst (with 150, one GC pause or one descheduling of the 2-core test machine alone decided it).
     */
    private static final int SAMPLES = 500;
    private static final long QUIET_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(15);
    private static final int FLOODERS = 3;

    @Test
    void aFloodingMemberIsRateLimitedAndAQuietMemberKeepsItsRoundTrip() throws Exception {
        AbuseLimits limits = AbuseLimits.builder().textFramesPerSecond(100).textBytesPerSecond(64 * 1024)
                .burst(Duration.ofSeconds(1)).newConnectionsPerSecondPerAddress(5).maxConnectionsPerAddress(4).build();
        try (RelayServer relay = RelayServer.builder().bindHost("127.0.0.1").port(0).threads(2).limits(limits)
                .build().start()) {
            RecordingListener bobSees = new RecordingListener();
            Session alice = DuplexClient.builder().port(relay.port()).nickname("alice").room("r").connect().join();
            Session bob = DuplexClient.builder().port(relay.port()).nickname("bob").room("r").listener(bobSees)
                    .connect().join();
            try {
                long[] quiet = roundTrips(alice, "quiet");
                long textsBefore = relay.stats().textRelayed();
                List<Flooder> flooders = new ArrayList<>();
                for (int i = 0; i < FLOODERS; i++) {
                    flooders.add(new Flooder("127.0.0." + (2 + i), relay.port(), i));
                }
                flooders.forEach(Flooder::start);
                long[] flooded;
                try {
                    await().atMost(Duration.ofSeconds(10)).until(() -> relay.guardCounters().rateLimited() > 0);
                    flooded = roundTrips(alice, "flooded");
                } finally {
                    for (Flooder f : flooders) {
                        f.stopAndJoin();
                    }
                }
                long sent = flooders.stream().mapToLong(f -> f.framesSent.get()).sum();
                long connections = flooders.stream().mapToLong(f -> f.connections.get()).sum();
                long floodTexts = relay.stats().textRelayed() - textsBefore - SAMPLES;
                System.out.printf("flood: quiet p50 %.2f ms p99 %.2f ms max %.2f ms; under flood p50 %.2f ms "
                                + "p99 %.2f ms max %.2f ms; %d flooders wrote %d TEXT frames over %d connections, "
                                + "relay stored and forwarded %d of their texts, rate-limited %d and refused %d connections%n",
                        millis(percentile(quiet, 50)), millis(percentile(quiet, 99)), millis(quiet[quiet.length - 1]),
                        millis(percentile(flooded, 50)), millis(percentile(flooded, 99)),
                        millis(flooded[flooded.length - 1]), FLOODERS, sent, connections, floodTexts,
                        relay.guardCounters().rateLimited(), relay.guardCounters().refusedConnections());

                assertThat(sent).as("the flooders really flooded").isGreaterThan(10_000);
                assertThat(floodTexts).as("their distinct messages were stored and forwarded up to the limits")
                        .isGreaterThan(200);
                assertThat(relay.guardCounters().rateLimited()).as("flooders were cut off").isPositive();
                assertThat(millis(percentile(flooded, 99))).as("quiet member's p99 round trip under flood (ms)")
                        .isLessThan(P99_BOUND_MILLIS);
                await().atMost(Duration.ofSeconds(10)).until(() -> bobSees.bodies().stream()
                        .filter(b -> b.startsWith("flooded ")).count() == SAMPLES);
                assertThat(bobSees.bodies().stream().filter(b -> b.startsWith("flooded ")).toList())
                        .as("the quiet member's texts all arrive, in order")
                        .containsExactlyElementsOf(java.util.stream.IntStream.range(0, SAMPLES)
                                .mapToObj(i -> "flooded " + i).toList());
            } finally {
                alice.close();
                bob.close();
            }
        }
    }

    /** Sends SAMPLES texts paced below the rate limit; returns their round trips, sorted, in nanoseconds. */
    private static long[] roundTrips(Session session, String label) {
        long[] rtt = new long[SAMPLES];
        long next = System.nanoTime();
        for (int i = 0; i < SAMPLES; i++) {
            long start = System.nanoTime();
            session.sendText(label + " " + i).join();
            rtt[i] = System.nanoTime() - start;
            next += QUIET_INTERVAL_NANOS;
            LockSupport.parkNanos(Math.max(0, next - System.nanoTime())); // pacing of the quiet sender
        }
        Arrays.sort(rtt);
        return rtt;
    }

    private static long percentile(long[] sorted, int p) {
        return sorted[Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    /**
     * Joins the room from its own loopback address and writes TEXT as fast as the socket takes it,
     * 20 000 frames per connection, each with a new message id (so none is taken for a resend), then
     * waits to be cut off and reconnects at once.
     */
    private static final class Flooder extends Thread {
        private static final long MAX_FRAMES = 200_000_000;
        private final String localAddress;
        private final int port;
        private final int index;
        private final AtomicLong framesSent = new AtomicLong();
        private final AtomicLong connections = new AtomicLong();
        private volatile boolean running = true;
        private volatile Socket socket;

        Flooder(String localAddress, int port, int index) {
            super("flooder-" + index);
            this.localAddress = localAddress;
            this.port = port;
            this.index = index;
            setDaemon(true);
        }

        @Override
        public void run() {
            byte[] batch = new byte[FRAME.length * BATCH];
            ByteBuffer ids = ByteBuffer.wrap(batch);
            long nextId = 1;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (running && System.nanoTime() < deadline && framesSent.get() < MAX_FRAMES) {
                try (Socket s = new Socket()) {
                    socket = s;
                    s.bind(new InetSocketAddress(localAddress, 0));
                    s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                    connections.incrementAndGet();
                    OutputStream out = s.getOutputStream();
                    out.write(bytes(new Hello("flood-" + index + "-" + connections.get(), "r")));
                    for (int i = 0; i < BATCHES_PER_CONNECTION && running; i++) {
                        for (int f = 0; f < BATCH; f++) {
                            System.arraycopy(FRAME, 0, batch, f * FRAME.length, FRAME.length);
                            ids.putLong(f * FRAME.length + Wire.HEADER_LENGTH, nextId++);
                        }
                        out.write(batch);
                        framesSent.addAndGet(BATCH);
                    }
                    // Far over the limit already: wait to be cut off (reading only to see the close).
                    s.setSoTimeout(5000);
                    java.io.InputStream in = s.getInputStream();
                    byte[] sink = new byte[64 * 1024];
                    while (running && in.read(sink) >= 0) {
                        // discard
                    }
                } catch (IOException cutOff) {
                    // Cut off or refused by the relay.
                }
                // Try again soon. (Without this pause the test measures the kernel copying for three
                // in-process flooders on a two-core machine rather than the relay.)
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(RECONNECT_PAUSE_MILLIS));
            }
        }

        void stopAndJoin() throws InterruptedException, IOException {
            running = false;
            Socket s = socket;
            if (s != null) {
                s.close();
            }
            join(5000);
        }

        private static final int BATCH = 200;
        private static final long RECONNECT_PAUSE_MILLIS = 50;
        /** 20 000 frames (about 2.5 MB) per connection: 200 times what the limit lets through in a second. */
        private static final int BATCHES_PER_CONNECTION = 100;

        /** One flood frame; each copy gets its own message id (the payload's first field). */
        private static final byte[] FRAME = bytes(new TextFrame(1, 0, 0, "", "", "x".repeat(100)));
    }

    private static byte[] bytes(dev.duplex.core.internal.protocol.Frame frame) {
        ByteBuf b = FrameCodec.encode(frame, UnpooledByteBufAllocator.DEFAULT);
        try {
            return ByteBufUtil.getBytes(b);
        } finally {
            b.release();
        }
    }
}
