package dev.duplex.testkit.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.duplex.testkit.link.LinkEmulator.Direction;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The link emulator measured on loopback: its delay, cap and stall hold within tolerances, it
 * never delivers early or faster than the cap, its queue is bounded and pushes back on the sender
 * through TCP, and a reset reaches both ends. Lower bounds are exact (the emulator only ever adds
 * time); upper bounds leave room for a loaded machine.
 */
@Timeout(30)
class LinkEmulatorTest {
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    @Test
    void delaysEachDirectionByItsOneWayDelay() throws Exception {
        LinkEmulator link = start(LinkEmulator.builder().target(echoServer())
                .up(LinkProfile.builder().delay(Duration.ofMillis(40)).build())
                .down(LinkProfile.builder().delay(Duration.ofMillis(60)).build()));
        try (Socket s = connect(link)) {
            long[] rtts = new long[8];
            for (int i = 0; i < rtts.length; i++) {
                rtts[i] = roundTripMillis(s, (byte) i);
            }
            Arrays.sort(rtts);
            assertThat(rtts[0]).as("never early: 40 + 60 ms").isGreaterThanOrEqualTo(100);
            assertThat(rtts[rtts.length / 2]).as("median of %s", Arrays.toString(rtts)).isLessThan(160);
        }
    }

    @Test
    void jitterSpreadsTheDelayWithoutReorderingBytes() throws Exception {
        LinkEmulator link = start(LinkEmulator.builder().target(echoServer())
                .both(LinkProfile.builder().delay(Duration.ofMillis(10)).jitter(Duration.ofMillis(60)).build()));
        try (Socket s = connect(link)) {
            long[] rtts = new long[12];
            for (int i = 0; i < rtts.length; i++) {
                rtts[i] = roundTripMillis(s, (byte) i);
            }
            Arrays.sort(rtts);
            assertThat(rtts[0]).isGreaterThanOrEqualTo(20);
            assertThat(rtts[rtts.length - 1] - rtts[0]).as("spread of %s", Arrays.toString(rtts)).isGreaterThan(15);
            // 500 bytes in 1-byte writes come back in order.
            byte[] sent = new byte[500];
            for (int i = 0; i < sent.length; i++) {
                sent[i] = (byte) i;
                s.getOutputStream().write(sent[i]);
            }
            assertThat(s.getInputStream().readNBytes(sent.length)).isEqualTo(sent);
        }
    }

    @Test
    void capsTheRateAtTheTokenBucketsRate() throws Exception {
        Sink sink = new Sink();
        // 400 kbit/s = 50 000 bytes/s.
        LinkEmulator link = start(LinkEmulator.builder().target(sink.port()).up(LinkProfile.of(400, 0)));
        int total = 150_000;
        try (Socket s = connect(link)) {
            OutputStream out = s.getOutputStream();
            Thread writer = new Thread(() -> {
                try {
                    out.write(new byte[total]);
                } catch (IOException e) {
                    // The test fails below on the bytes missing.
                }
            });
            writer.start();
            open.add(writer::join);
            await().atMost(Duration.ofSeconds(15)).until(() -> sink.received.get() >= 25_000);
            long t0 = System.nanoTime();
            long b0 = sink.received.get();
            await().atMost(Duration.ofSeconds(15)).until(() -> sink.received.get() >= total);
            double seconds = (System.nanoTime() - t0) / 1e9;
            double rate = (total - b0) / seconds;
            assertThat(rate).as("bytes/s").isBetween(50_000 * 0.80, 50_000 * 1.05);
        }
        assertThat(link.counters(Direction.UP).deliveredBytes()).isEqualTo(total);
    }

    @Test
    void boundsItsQueueAndPushesBackOnTheSenderThroughTcp() throws Exception {
        Sink sink = new Sink();
        int queue = 20_000;
        LinkEmulator link = start(LinkEmulator.builder().target(sink.port())
                .up(LinkProfile.builder().kbitPerSecond(80).queueBytes(queue).build()));
        try (SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", link.port()))) {
            ch.configureBlocking(false);
            ByteBuffer chunk = ByteBuffer.allocate(8192);
            long accepted = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            long lastProgress = System.nanoTime();
            // Write until the socket has taken nothing for 300 ms: the sender is pushed back.
            while (System.nanoTime() < deadline && System.nanoTime() - lastProgress < 300_000_000L) {
                chunk.clear();
                int n = ch.write(chunk);
                if (n > 0) {
                    accepted += n;
                    lastProgress = System.nanoTime();
                } else {
                    Thread.sleep(5);
                }
            }
            LinkCounters up = link.counters(Direction.UP);
            assertThat(up.pauses()).as("the emulator stopped reading").isPositive();
            assertThat(up.maxHeldBytes()).as("held by the emulator").isLessThanOrEqualTo(queue + LinkEmulator.READ_BYTES);
            // The rest is in the kernel's socket buffers (the sender's may grow to megabytes): TCP
            // stopped taking bytes long before the 5 s were over.
            assertThat(System.nanoTime()).as("pushed back before the deadline").isLessThan(deadline);
            assertThat(sink.received.get()).as("what crossed the 10 000 bytes/s link").isLessThan(accepted);
        }
    }

    @Test
    void stallHoldsEveryByteUntilItEndsBothWays() throws Exception {
        LinkEmulator link = start(LinkEmulator.builder().target(echoServer()));
        try (Socket s = connect(link)) {
            assertThat(roundTripMillis(s, (byte) 1)).isLessThan(200);
            link.stall(Duration.ofMillis(600));
            long rtt = roundTripMillis(s, (byte) 2);
            assertThat(rtt).isBetween(590L, 1_000L);
            assertThat(roundTripMillis(s, (byte) 3)).as("after the stall").isLessThan(200);
        }
    }

    @Test
    void resetKillsEveryConnectionAtBothEnds() throws Exception {
        AtomicLong serverSawReset = new AtomicLong();
        ServerSocket server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        open.add(server);
        Thread acceptor = new Thread(() -> {
            try (Socket peer = server.accept()) {
                peer.getInputStream().read();
                peer.getInputStream().read();
            } catch (SocketException e) {
                serverSawReset.incrementAndGet();
            } catch (IOException e) {
                // Reported as a failure below.
            }
        });
        acceptor.start();
        open.add(acceptor::join);
        LinkEmulator link = start(LinkEmulator.builder().target(server.getLocalPort()));
        try (Socket s = connect(link)) {
            s.getOutputStream().write(1);
            await().atMost(Duration.ofSeconds(5)).until(() -> link.connections() == 1);
            link.resetConnections();
            assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketException.class)
                    .hasMessageContaining("reset");
            await().atMost(Duration.ofSeconds(5)).until(() -> serverSawReset.get() == 1 && link.connections() == 0);
        }
    }

    @Test
    void aCutResetsTheConnectionsAndRefusesNewOnesUntilItEnds() throws Exception {
        LinkEmulator link = start(LinkEmulator.builder().target(echoServer()));
        try (Socket before = connect(link)) {
            assertThat(roundTripMillis(before, (byte) 1)).isGreaterThanOrEqualTo(0);
            long t0 = System.nanoTime();
            link.cut(Duration.ofMillis(800));
            assertThatThrownBy(() -> before.getInputStream().read()).isInstanceOf(SocketException.class);
            try (Socket during = connect(link)) {
                // Accepted by the kernel, then reset by the emulator: nothing comes back.
                assertThatThrownBy(() -> {
                    during.getOutputStream().write(2);
                    if (during.getInputStream().read() < 0) {
                        throw new SocketException("closed");
                    }
                }).isInstanceOf(SocketException.class);
            }
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> {
                try (Socket after = connect(link)) {
                    return roundTripMillis(after, (byte) 3) >= 0;
                } catch (IOException | AssertionError e) { // reset, or closed (-1) while the cut lasts
                    return false;
                }
            });
            assertThat((System.nanoTime() - t0) / 1_000_000).as("refused until the cut ends").isGreaterThanOrEqualTo(800);
        }
        assertThatThrownBy(() -> link.cut(Duration.ofMillis(-1))).hasMessageContaining("cut");
    }

    @Test
    void rejectsValuesOutsideTheirRange() {
        assertThatThrownBy(() -> LinkProfile.builder().kbitPerSecond(-1)).hasMessageContaining("kbitPerSecond: -1");
        assertThatThrownBy(() -> LinkProfile.builder().queueBytes(10)).hasMessageContaining("queueBytes: 10");
        assertThatThrownBy(() -> LinkProfile.builder().delay(Duration.ofMillis(-1))).hasMessageContaining("delay");
        assertThatThrownBy(() -> LinkEmulator.builder().target(new InetSocketAddress("192.0.2.1", 1)))
                .hasMessageContaining("loopback");
    }

    private LinkEmulator start(LinkEmulator.Builder builder) {
        LinkEmulator link = builder.start();
        open.add(link);
        return link;
    }

    private Socket connect(LinkEmulator link) throws IOException {
        Socket s = new Socket("127.0.0.1", link.port());
        s.setTcpNoDelay(true);
        s.setSoTimeout(10_000);
        return s;
    }

    private static long roundTripMillis(Socket s, byte value) throws IOException {
        long t0 = System.nanoTime();
        s.getOutputStream().write(value);
        int back = s.getInputStream().read();
        assertThat(back).isEqualTo(value & 0xFF);
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** An echo server on loopback, one thread per connection; returns its port. */
    private int echoServer() throws IOException {
        ServerSocket server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        open.add(server);
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    Socket peer = server.accept();
                    peer.setTcpNoDelay(true);
                    Thread t = new Thread(() -> {
                        try (peer; InputStream in = peer.getInputStream(); OutputStream out = peer.getOutputStream()) {
                            byte[] buf = new byte[8192];
                            int n;
                            while ((n = in.read(buf)) > 0) {
                                out.write(buf, 0, n);
                            }
                        } catch (IOException e) {
                            // The connection ended.
                        }
                    });
                    t.setDaemon(true);
                    t.start();
                }
            } catch (IOException e) {
                // Closed by the test.
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        return server.getLocalPort();
    }

    /** Counts the bytes it receives. */
    private final class Sink {
        final AtomicLong received = new AtomicLong();
        private final ServerSocket server;

        Sink() throws IOException {
            server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
            open.add(server);
            Thread t = new Thread(() -> {
                try (Socket peer = server.accept(); InputStream in = peer.getInputStream()) {
                    byte[] buf = new byte[8192];
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        received.addAndGet(n);
                    }
                } catch (IOException e) {
                    // Closed by the test.
                }
            });
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }
    }
}
