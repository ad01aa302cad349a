package dev.duplex.core.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.core.internal.protocol.Welcome;
import dev.duplex.core.session.DuplexClient;
import dev.duplex.core.session.Session;
import dev.duplex.core.session.SessionListener;
import dev.duplex.core.session.VideoMessage;
import dev.duplex.core.testing.MemorySampler;
import dev.duplex.core.testing.RawDuplexSocket;
import dev.duplex.core.transport.TransportConfig;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A receiver that stops reading while another member streams video: the relay's memory stays
 * bounded (measured on its own allocator) and a fast receiver in the same room keeps up: it gets the
 * newest frame and nearly all the others. (A frame is replaced for a receiver only while its previous
 * frame is still on its way to the socket, by design: latest frame wins. A busy machine delays the
 * relay's writes now and then, so at ~500 frames/s some are replaced: none to a few on an idle machine,
 * up to about one in eight with six other builds competing for two cores.)
 */
class SlowReceiverTest {
    private static final int FRAME_BYTES = 64 * 1024;
    private static final int FRAMES = 400;

    @Test
    void stalledReceiverKeepsRelayMemoryBoundedAndOthersFlowing() throws Exception {
        UnpooledByteBufAllocator relayMemory = new UnpooledByteBufAllocator(true);
        TransportConfig config = TransportConfig.builder().allocator(relayMemory).build();
        AtomicLong bobFrames = new AtomicLong();
        AtomicLong bobLastSequence = new AtomicLong();
        try (RelayServer relay = RelayServer.builder().bindHost("127.0.0.1").port(0).config(config).build().start();
             RawDuplexSocket stalled = RawDuplexSocket.connect(relay.port(), 16 * 1024).hello("stalled", "v")) {
            stalled.readUntil(Welcome.class);
            Session bob = DuplexClient.builder().port(relay.port()).nickname("bob").room("v")
                    .listener(new SessionListener() {
                        @Override
                        public void onVideo(Session s, VideoMessage frame) {
                            bobFrames.incrementAndGet();
                            bobLastSequence.set(frame.sequence());
                        }
                    }).connect().join();
            Session alice = DuplexClient.builder().port(relay.port()).nickname("alice").room("v").connect().join();

            MemorySampler sampler = new MemorySampler(relayMemory);
            sampler.start();
            byte[] jpeg = new byte[FRAME_BYTES];
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            long offered = 0;
            for (int i = 0; i < FRAMES && System.nanoTime() < deadline; i++) {
                if (alice.sendVideo(640, 480, i, jpeg)) {
                    offered++;
                }
                Thread.sleep(2); // pacing of the load generator: ~500 frames/s offered
            }
            long lastOffered = offered;
            // The newest frame always gets through to the fast receiver (sequence numbers count offers).
            await().atMost(Duration.ofSeconds(10)).until(() -> bobLastSequence.get() == lastOffered);
            long sent = alice.stats().videoSent();
            // Frames are replaced only while the receiver's previous frame is still being written.
            assertThat(bobFrames.get()).as("the fast receiver got at least 75 %% of the %d frames alice sent", sent)
                    .isGreaterThanOrEqualTo(sent * 75 / 100);
            sampler.stop();

            long offeredBytes = (long) sent * FRAME_BYTES;
            long peak = sampler.peakBytes();
            RelayStats stats = relay.stats();
            System.out.printf("slow receiver: alice sent %d frames (%d MiB), bob received %d, relay dropped %d "
                            + "for the stalled receiver, relay peak memory %.2f MiB%n", sent, offeredBytes >> 20,
                    bobFrames.get(), stats.videoDropped(), peak / 1048576.0);
            assertThat(sent).isGreaterThan(FRAMES / 4);
            assertThat(stats.members()).as("dropping video does not disconnect the stalled receiver").isEqualTo(3);
            assertThat(stats.videoDropped()).as("stale frames for the stalled receiver were dropped").isPositive();
            assertThat(peak).as("relay memory bounded by water mark + one frame per slot, not by traffic")
                    .isLessThan(8L * 1024 * 1024)
                    .isLessThan(offeredBytes / 3);
            alice.close();
            bob.close();
        }
    }
}
