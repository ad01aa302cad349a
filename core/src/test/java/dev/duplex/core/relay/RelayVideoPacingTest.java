package dev.duplex.core.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.core.internal.protocol.Frame;
import dev.duplex.core.internal.protocol.Hello;
import dev.duplex.core.internal.protocol.Ping;
import dev.duplex.core.internal.protocol.Pong;
import dev.duplex.core.internal.protocol.VideoFrame;
import dev.duplex.core.internal.protocol.VideoReceipt;
import dev.duplex.core.internal.protocol.Welcome;
import dev.duplex.core.internal.protocol.Wire;
import dev.duplex.core.session.DuplexClient;
import dev.duplex.core.session.Session;
import dev.duplex.core.testing.RawDuplexSocket;
import dev.duplex.core.testing.SlowDecoder;
import dev.duplex.core.transport.TransportConfig;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * The relay paces the video it forwards to a member by that member's VIDEO_RECEIPTs
 * ({@code Hello.CAP_RELAY_RECEIPTS}), over loopback: a member that finishes frames slowly gets about
 * what it finishes, one that never reports gets a window and then one frame a second, and the
 * sender is never held.
 */
class RelayVideoPacingTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int VIDEO_RECEIPTS = Hello.CAP_TEXT | Hello.CAP_VIDEO | Hello.CAP_VIDEO_RECEIPTS;
    private static final TransportConfig PACED = TransportConfig.builder().relayVideoWindow(2).build();

    @Test
    void eachReceiverGetsAboutWhatItFinishesAndTheSenderIsNotHeld() throws Exception {
        try (RelayServer relay = RelayServer.builder().bindHost("127.0.0.1").port(0).config(PACED).build().start();
             SlowDecoder bobSees = new SlowDecoder(40);
             RawDuplexSocket silent = RawDuplexSocket.connect(relay.port(), 0)) {
            silent.send(new Hello(Wire.PROTOCOL_VERSION, VIDEO_RECEIPTS, "silent", "v", Map.of()));
            Welcome welcome = silent.readUntil(Welcome.class);
            assertThat(welcome.capabilities() & Hello.CAP_RELAY_RECEIPTS).as("the relay paces by receipts").isNotZero();
            assertThat(welcome.capabilities() & Hello.CAP_VIDEO_RECEIPTS).as("but forwards none").isZero();
            Session bob = DuplexClient.builder().port(relay.port()).nickname("bob").room("v")
                    .config(TransportConfig.builder().videoWindow(2).build()).listener(bobSees).connect().join();
            // alice asks for receipts too: the relay must not hold her video for them.
            Session alice = DuplexClient.builder().port(relay.port()).nickname("alice").room("v")
                    .config(TransportConfig.builder().videoWindow(2).build()).connect().join();
            int sent = 0;
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2000);
            while (System.nanoTime() < end && sent < 400) {
                assertThat(alice.awaitVideoWindow(0, TimeUnit.MILLISECONDS)).as("alice is never held").isTrue();
                if (alice.sendVideo(4, 3, sent, new byte[] {1, 2, 3})) {
                    sent++;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // ~100 frames/s offered
            }
            int offered = sent;
            await().atMost(WAIT).until(() -> bobSees.latest.get() == null && bobSees.decoded.get() > 0);
            // What the silent member got, up to a PONG that follows everything the relay forwarded by then.
            silent.send(new Ping(42));
            int silentGot = 0;
            for (Frame f; !((f = silent.read()) instanceof Pong pong && pong.echoedSendTimeMicros() == 42); ) {
                if (f instanceof VideoFrame v) {
                    silentGot++;
                    v.release();
                }
            }
            System.out.printf("relay pacing: alice offered %d frames in 2 s; bob (40 ms a frame) received %d, "
                    + "decoded %d; the silent member got %d; the relay dropped %d%n", offered, bobSees.received.get(),
                    bobSees.decoded.get(), silentGot, relay.stats().videoDropped());
            assertThat(offered).isGreaterThan(100);
            // Unpaced, bob would get nearly all of them and replace most unseen; paced, about what he
            // decodes: two frames ahead, and those younger than the round trip the relay measured
            // (on loopback that may be tens of milliseconds when measured at the start, one frame more).
            assertThat(bobSees.received.get()).isLessThanOrEqualTo(bobSees.decoded.get() * 2 + 3);
            assertThat(bobSees.received.get()).isLessThan(offered / 2);
            assertThat(bobSees.decoded.get()).as("bob's video keeps moving").isGreaterThan(15);
            // Two frames, then one for each second without a receipt (the stall rule), with a margin.
            assertThat(silentGot).isBetween(1, 2 + 3 + 2);
            assertThat(relay.stats().videoDropped()).isPositive();
            bob.close();
            alice.close();
        }
    }

    @Test
    void aReceiptForAFrameNeverForwardedIsIgnored() throws Exception {
        try (RelayServer relay = RelayServer.builder().bindHost("127.0.0.1").port(0).config(PACED).build().start();
             RawDuplexSocket member = RawDuplexSocket.connect(relay.port(), 0)) {
            member.send(new Hello(Wire.PROTOCOL_VERSION, VIDEO_RECEIPTS, "m", "v", Map.of()));
            member.readUntil(Welcome.class);
            member.send(new VideoReceipt(Long.MAX_VALUE, "nobody"));
            member.send(new Ping(7));
            assertThat(member.readUntil(Pong.class).echoedSendTimeMicros()).isEqualTo(7);
            assertThat(relay.stats().members()).isEqualTo(1);
        }
    }

    @Test
    void byDefaultTheRelayAdvertisesNoPacing() throws Exception {
        try (RelayServer relay = RelayServer.builder().bindHost("127.0.0.1").port(0).build().start();
             RawDuplexSocket member = RawDuplexSocket.connect(relay.port(), 0)) {
            member.send(new Hello(Wire.PROTOCOL_VERSION, VIDEO_RECEIPTS, "m", "v", Map.of()));
            assertThat(member.readUntil(Welcome.class).capabilities() & Hello.CAP_RELAY_RECEIPTS).isZero();
        }
    }
}
