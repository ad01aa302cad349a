package dev.duplex.core.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.core.internal.protocol.ErrorFrame;
import dev.duplex.core.internal.protocol.FrameCodec;
import dev.duplex.core.internal.protocol.Hello;
import dev.duplex.core.internal.protocol.Ping;
import dev.duplex.core.internal.protocol.Welcome;
import dev.duplex.core.protocol.ErrorCode;
import dev.duplex.core.security.Identity;
import dev.duplex.core.security.TlsOptions;
import dev.duplex.core.session.DuplexClient;
import dev.duplex.core.session.Session;
import dev.duplex.core.testing.RawDuplexSocket;
import dev.duplex.core.transport.AbuseLimits;
import dev.duplex.core.transport.TransportConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The relay's guards on real loopback sockets: connection caps per source address and in total,
 * slowloris peers closed at the handshake deadline, and a peer that does not read paused without
 * being taken for dead by our own heartbeat.
 */
class RelayGuardsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static RelayServer relay(AbuseLimits limits, TransportConfig config) {
        return RelayServer.builder().bindHost("127.0.0.1").port(0).limits(limits).config(config).build().start();
    }

    private static void joins(RawDuplexSocket raw, String nickname) throws IOException {
        raw.hello(nickname, "r");
        assertThat(raw.readUntil(Welcome.class).nickname()).isEqualTo(nickname);
    }

    private static ErrorFrame refusedWith(RawDuplexSocket raw) throws IOException {
        ErrorFrame error = raw.readUntil(ErrorFrame.class);
        assertThat(raw.closedByPeer()).as("closed after the ERROR").isTrue();
        return error;
    }

    @Test
    void tooManyConnectionsFromOneAddressAreRefusedWhileOtherAddressesGetIn() throws Exception {
        AbuseLimits limits = AbuseLimits.builder().maxConnectionsPerAddress(2).maxConnections(4).build();
        List<RawDuplexSocket> open = new ArrayList<>();
        try (RelayServer relay = relay(limits, TransportConfig.DEFAULT)) {
            for (int i = 0; i < 2; i++) {
                RawDuplexSocket s = RawDuplexSocket.connectFrom("127.0.0.2", relay.port());
                open.add(s);
                joins(s, "two-" + i);
            }
            try (RawDuplexSocket third = RawDuplexSocket.connectFrom("127.0.0.2", relay.port())) {
                ErrorFrame error = refusedWith(third);
                assertThat(error.code()).isEqualTo(ErrorCode.CAPACITY_EXCEEDED);
                assertThat(error.message()).isEqualTo("Too many connections from 127.0.0.2 (at most 2): "
                        + "close one and try again.");
            }
            for (int i = 0; i < 2; i++) {
                RawDuplexSocket s = RawDuplexSocket.connectFrom("127.0.0.3", relay.port());
                open.add(s);
                joins(s, "three-" + i);
            }
            try (RawDuplexSocket fifth = RawDuplexSocket.connectFrom("127.0.0.4", relay.port())) {
                assertThat(refusedWith(fifth).message()).contains("maximum of 4 connections");
            }
            open.remove(0).close();
            await().atMost(WAIT).until(() -> relay.stats().members() == 3);
            try (RawDuplexSocket again = RawDuplexSocket.connectFrom("127.0.0.2", relay.port())) {
                joins(again, "two-again");
            }
            assertThat(relay.guardCounters().refusedConnections()).isEqualTo(2);
        } finally {
            for (RawDuplexSocket s : open) {
                s.close();
            }
        }
    }

    @Test
    void aSlowlorisSendingOneBytePerSecondIsClosedAtTheHandshakeDeadline() throws Exception {
        TransportConfig config = TransportConfig.builder().helloTimeout(Duration.ofMillis(1500)).build();
        try (RelayServer relay = relay(AbuseLimits.DEFAULT, config)) {
            byte[] hello = bytes(new Hello("slow", "r"));
            ErrorFrame error = slowloris(relay.port(), hello, config.helloTimeout());
            assertThat(error.code()).isEqualTo(ErrorCode.HANDSHAKE_TIMEOUT);
            await().atMost(WAIT).until(() -> relay.stats().openConnections() == 0);
        }
    }

    @Test
    void aSlowlorisIsClosedAtTheDeadlineBeforeTlsToo() throws Exception {
        TransportConfig config = TransportConfig.builder().helloTimeout(Duration.ofMillis(1500)).build();
        try (RelayServer relay = RelayServer.builder().bindHost("127.0.0.1").port(0).config(config)
                .tls(TlsOptions.server(Identity.generate())).build().start()) {
            // The start of a TLS ClientHello record, one byte per second.
            byte[] clientHello = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03};
            ErrorFrame error = slowloris(relay.port(), clientHello, config.helloTimeout());
            assertThat(error.code()).isEqualTo(ErrorCode.HANDSHAKE_TIMEOUT);
            assertThat(error.message()).isEqualTo("No TLS handshake within 1500 ms: closing.");
        }
    }

    /** Sends {@code bytes} one per second until the relay closes; returns its ERROR and checks the timing. */
    private static ErrorFrame slowloris(int port, byte[] bytes, Duration deadline) throws Exception {
        ScheduledExecutorService drip = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger sent = new AtomicInteger();
        try (RawDuplexSocket raw = RawDuplexSocket.connect(port, 0)) {
            long start = System.nanoTime();
            drip.scheduleAtFixedRate(() -> {
                int i = sent.get();
                if (i < bytes.length) {
                    try {
                        raw.sendRaw(new byte[] {bytes[i]});
                        sent.incrementAndGet();
                    } catch (IOException closed) {
                        drip.shutdown();
                    }
                }
            }, 0, 1, TimeUnit.SECONDS);
            ErrorFrame error = raw.readUntil(ErrorFrame.class);
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(raw.closedByPeer()).isTrue();
            assertThat(elapsedMillis).as("closed at the deadline").isBetween(deadline.toMillis() - 100,
                    deadline.toMillis() + 2000);
            assertThat(sent.get()).as("it never finished").isLessThan(bytes.length);
            return error;
        } finally {
            drip.shutdownNow();
            drip.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aLivePeerThatDoesNotReadIsPausedNotTakenForDeadThenClosedAfterTheLongestPause() throws Exception {
        // Small write buffers: one video frame at a time goes towards a receiver (the next waits in
        // its sender's slot), so it is that one frame that fills the buffer of a peer that never reads.
        TransportConfig config = TransportConfig.builder().heartbeatInterval(Duration.ofMillis(200))
                .maxMissedHeartbeats(3).writeBufferWaterMarks(16 * 1024, 32 * 1024).build();
        AbuseLimits limits = AbuseLimits.builder().maxReadPause(Duration.ofSeconds(4)).build();
        ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor();
        try (RelayServer relay = relay(limits, config);
             RawDuplexSocket stalled = RawDuplexSocket.connect(relay.port(), 16 * 1024)) {
            joins(stalled, "stalled");
            // Alive (it keeps sending PINGs) but it never reads again.
            pinger.scheduleAtFixedRate(() -> {
                try {
                    stalled.send(new Ping(System.currentTimeMillis() * 1000));
                } catch (IOException closed) {
                    pinger.shutdown();
                }
            }, 0, 100, TimeUnit.MILLISECONDS);
            Session alice = DuplexClient.builder().port(relay.port()).nickname("alice").room("r").config(config)
                    .connect().join();
            try {
                byte[] jpeg = new byte[64 * 1024];
                for (int i = 0; i < 2000 && relay.guardCounters().readPauses() == 0; i++) {
                    alice.sendVideo(320, 240, i, jpeg);
                    Thread.sleep(2); // pacing of the load generator
                }
                assertThat(relay.guardCounters().readPauses()).as("reading from the stalled peer paused").isPositive();
                // While paused its PINGs are not read. Were our pause taken for silence, three heartbeat
                // intervals (600 ms) plus the 2 s an undeliverable ERROR may take would end it by 2.6 s.
                await().during(Duration.ofMillis(3200)).atMost(Duration.ofSeconds(5))
                        .until(() -> alice.participants().contains("stalled"));
                // The longest pause (4 s) ends it: ERROR SLOW_CONSUMER, closed at the latest 2 s later.
                await().atMost(WAIT).until(() -> !alice.participants().contains("stalled"));
                assertThat(alice.participants()).containsExactly("alice");
            } finally {
                alice.close();
            }
        } finally {
            pinger.shutdownNow();
            pinger.awaitTermination(5, TimeUnit.SECONDS);
        }
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
