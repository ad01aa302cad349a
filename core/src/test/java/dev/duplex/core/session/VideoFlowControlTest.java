package dev.duplex.core.session;

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
import dev.duplex.core.testing.RawDuplexSocket;
import dev.duplex.core.testing.SlowDecoder;
import dev.duplex.core.transport.TransportConfig;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Receiver-driven video flow control between direct peers over loopback (VIDEO_RECEIPT). */
class VideoFlowControlTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final TransportConfig WINDOW_2 = TransportConfig.builder().videoWindow(2).build();

    @Test
    void senderEncodesOnlyWhatTheSlowReceiverFinishes() throws Exception {
        try (SlowDecoder bobSees = new SlowDecoder(10);
             DirectListener bobListening = DirectPeer.builder().nickname("bob").config(WINDOW_2).listener(bobSees)
                     .listen("127.0.0.1", 0)) {
            Session alice = DirectPeer.builder().nickname("alice").config(WINDOW_2)
                    .connect("127.0.0.1", bobListening.localAddress().getPort()).join();
            try {
                int sent = 0;
                int maxUnfinished = 0;
                long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
                while (System.nanoTime() < end) {
                    // An "encoder" far faster than the decoder: only the window holds it back.
                    if (alice.awaitVideoWindow(100, TimeUnit.MILLISECONDS)) {
                        assertThat(alice.sendVideo(4, 3, sent, new byte[] {1, 2, 3})).isTrue();
                        sent++;
                    }
                    maxUnfinished = Math.max(maxUnfinished, ((ConnectionSession) alice).videoUnfinished());
                }
                int total = sent;
                await().atMost(WAIT).until(() -> ((ConnectionSession) alice).videoUnfinished() == 0);
                assertThat(maxUnfinished).as("frames in flight beyond what bob finished").isLessThanOrEqualTo(2);
                // Every frame sent was received (or replaced on alice's side before it left), and finished.
                assertThat(bobSees.received.get() + alice.stats().videoDropped()).isEqualTo(total);
                assertThat(bobSees.decoded.get() + bobSees.replaced.get()).isEqualTo(bobSees.received.get());
                // Unbounded, the sender would have sent thousands of frames in 1.5 s; here what it sends
                // tracks what bob decodes (10 ms each), and few are replaced unseen.
                assertThat(bobSees.decoded.get()).isPositive();
                assertThat(total).isLessThanOrEqualTo(bobSees.decoded.get() * 5 / 4 + 2);
                assertThat(bobSees.replaced.get() + alice.stats().videoDropped()).as("encoded for nothing")
                        .isLessThanOrEqualTo(total / 4 + 2);
            } finally {
                alice.close();
            }
        }
    }

    @Test
    void aPeerWithoutTheCapabilityNeverHoldsTheSender() throws Exception {
        // bob has flow control off (the default): alice, with it on, must not wait for receipts.
        try (SlowDecoder bobSees = new SlowDecoder(50);
             DirectListener bobListening = DirectPeer.builder().nickname("bob").listener(bobSees)
                     .listen("127.0.0.1", 0)) {
            Session alice = DirectPeer.builder().nickname("alice").config(WINDOW_2)
                    .connect("127.0.0.1", bobListening.localAddress().getPort()).join();
            try {
                for (int i = 0; i < 50; i++) {
                    assertThat(alice.awaitVideoWindow(0, TimeUnit.MILLISECONDS)).isTrue();
                    alice.sendVideo(4, 3, i, new byte[] {1});
                }
                assertThat(((ConnectionSession) alice).videoUnfinished()).isZero();
                await().atMost(WAIT).until(() -> bobSees.received.get() > 0);
            } finally {
                alice.close();
            }
        }
    }

    @Test
    void noReceiptIsSentToAPeerThatDidNotAskForThem() throws Exception {
        // An older peer (no capability bit 2) would refuse an unknown frame type: it must never get one.
        AtomicInteger finished = new AtomicInteger();
        SessionListener reportsEverything = new SessionListener() {
            @Override
            public void onVideo(Session s, VideoMessage frame) {
                s.videoFinished(frame);
                finished.incrementAndGet();
            }
        };
        try (DirectListener bobListening = DirectPeer.builder().nickname("bob").config(WINDOW_2)
                .listener(reportsEverything).listen("127.0.0.1", 0);
             RawDuplexSocket old = RawDuplexSocket.connect(bobListening.localAddress().getPort(), 0)) {
            old.send(new Hello(Wire.PROTOCOL_VERSION, Hello.CAP_TEXT | Hello.CAP_VIDEO, "old", "", Map.of()));
            Welcome welcome = old.readUntil(Welcome.class);
            assertThat(welcome.capabilities() & Hello.CAP_VIDEO_RECEIPTS).as("bob offers receipts").isNotZero();
            for (int i = 1; i <= 5; i++) {
                old.send(new VideoFrame(i, 0, 4, 3, "old", Unpooled.wrappedBuffer(new byte[] {1, 2})));
            }
            await().atMost(WAIT).until(() -> finished.get() == 5);
            old.send(new Ping(99));
            List<Frame> before = new ArrayList<>();
            Frame f;
            while (!((f = old.read()) instanceof Pong pong && pong.echoedSendTimeMicros() == 99)) {
                before.add(f);
            }
            assertThat(before).noneMatch(frame -> frame instanceof VideoReceipt);
        }
    }

    @Test
    void receiptsFlowBothWaysInAFullDuplexCall() throws Exception {
        try (SlowDecoder bobSees = new SlowDecoder(5); SlowDecoder aliceSees = new SlowDecoder(5);
             DirectListener bobListening = DirectPeer.builder().nickname("bob").config(WINDOW_2).listener(bobSees)
                     .listen("127.0.0.1", 0)) {
            Session alice = DirectPeer.builder().nickname("alice").config(WINDOW_2).listener(aliceSees)
                    .connect("127.0.0.1", bobListening.localAddress().getPort()).join();
            Session bob = bobListening.firstSession().join();
            try {
                for (int i = 0; i < 20; i++) {
                    assertThat(alice.awaitVideoWindow(5, TimeUnit.SECONDS)).isTrue();
                    alice.sendVideo(4, 3, i, new byte[] {1});
                    assertThat(bob.awaitVideoWindow(5, TimeUnit.SECONDS)).isTrue();
                    bob.sendVideo(4, 3, i, new byte[] {2});
                }
                await().atMost(WAIT).until(() -> ((ConnectionSession) alice).videoUnfinished() == 0
                        && ((ConnectionSession) bob).videoUnfinished() == 0);
                assertThat(bobSees.decoded.get() + bobSees.replaced.get() + alice.stats().videoDropped()).isEqualTo(20);
                assertThat(aliceSees.decoded.get() + aliceSees.replaced.get() + bob.stats().videoDropped()).isEqualTo(20);
            } finally {
                alice.close();
            }
        }
    }
}
