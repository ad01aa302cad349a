package dev.duplex.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.duplex.core.DuplexException;
import dev.duplex.core.protocol.ErrorCode;
import dev.duplex.core.testing.RecordingListener;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Direct 1:1 mode over loopback: one side listens, the other connects, then both are equal. */
class DirectPeerTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void peersExchangeTextAndVideoBothWays() {
        RecordingListener bobSees = new RecordingListener();
        RecordingListener aliceSees = new RecordingListener();
        try (DirectListener bobListening = DirectPeer.builder().nickname("bob").listener(bobSees)
                .listen("127.0.0.1", 0)) {
            Session alice = DirectPeer.builder().nickname("alice").listener(aliceSees)
                    .connect("127.0.0.1", bobListening.localAddress().getPort()).join();
            Session bob = bobListening.firstSession().join();
            try {
                assertThat(alice.participants()).containsExactlyInAnyOrder("alice", "bob");
                assertThat(bob.participants()).containsExactlyInAnyOrder("alice", "bob");

                Delivery d = alice.sendText("hi bob, 반가워").join();
                assertThat(d.roomSequence()).isZero();
                assertThat(bob.sendText("hi alice").join()).isNotNull();
                await().atMost(WAIT).until(() -> bobSees.texts.size() == 1 && aliceSees.texts.size() == 1);
                assertThat(bobSees.texts.get(0).body()).isEqualTo("hi bob, 반가워");
                assertThat(bobSees.texts.get(0).sender()).isEqualTo("alice");
                assertThat(aliceSees.texts.get(0).sender()).isEqualTo("bob");

                alice.sendVideo(4, 3, 10, new byte[] {9, 8, 7});
                bob.sendVideo(4, 3, 10, new byte[] {1, 2, 3});
                await().atMost(WAIT).until(() -> bobSees.videos.size() == 1 && aliceSees.videos.size() == 1);
                assertThat(bobSees.videos.get(0).jpeg()).containsExactly(9, 8, 7);
                assertThat(aliceSees.videos.get(0).jpeg()).containsExactly(1, 2, 3);
            } finally {
                alice.close();
            }
            await().atMost(WAIT).until(() -> bob.state() == SessionState.CLOSED);
            assertThat(bobSees.reasons.get(bobSees.reasons.size() - 1)).contains("Your peer closed the connection");
        }
    }

    @Test
    void secondCallerIsToldThePeerIsBusy() {
        try (DirectListener listening = DirectPeer.builder().nickname("bob").listen("127.0.0.1", 0)) {
            int port = listening.localAddress().getPort();
            Session first = DirectPeer.builder().nickname("alice").connect("127.0.0.1", port).join();
            try {
                assertThatThrownBy(() -> DirectPeer.builder().nickname("carol").connect("127.0.0.1", port).join())
                        .cause().isInstanceOf(DuplexException.class)
                        .hasMessageContaining("already in a conversation");
            } finally {
                first.close();
            }
            await().atMost(WAIT).until(() -> listening.currentSession() == null);
            Session again = DirectPeer.builder().nickname("carol").connect("127.0.0.1", port).join();
            assertThat(again.participants()).contains("bob");
            again.close();
        }
    }

    @Test
    void aCloseThatOutlastsItsWaitStillFreesTheListenerForTheNextCaller() throws Exception {
        try (DirectListener listening = DirectPeer.builder().nickname("bob").listen("127.0.0.1", 0)) {
            int port = listening.localAddress().getPort();
            Session alice = DirectPeer.builder().nickname("alice").connect("127.0.0.1", port).join();
            Session bob = listening.firstSession().join();
            java.util.concurrent.CountDownLatch busy = new java.util.concurrent.CountDownLatch(1);
            // Bob's event loop is held up longer than close() waits (as on a machine under load).
            ((ConnectionSession) bob).loop().execute(() -> {
                try {
                    busy.await(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            bob.close(); // returns after its bounded wait, before the loop could do anything
            assertThat(bob.closeFuture()).as("still closing").isNotDone();
            busy.countDown();
            await().atMost(WAIT).until(() -> bob.closeFuture().isDone());
            assertThat(bob.closeFuture()).as("a close future never fails").isCompletedWithValue(null);
            await().atMost(WAIT).until(() -> alice.state() == SessionState.CLOSED);
            Session carol = DirectPeer.builder().nickname("carol").connect("127.0.0.1", port).join();
            assertThat(carol.participants()).containsExactlyInAnyOrder("bob", "carol");
            carol.close();
        }
    }

    @Test
    void sameNicknameAsTheListenerIsRefused() {
        try (DirectListener listening = DirectPeer.builder().nickname("bob").listen("127.0.0.1", 0)) {
            assertThatThrownBy(() -> DirectPeer.builder().nickname("bob")
                    .connect("127.0.0.1", listening.localAddress().getPort()).join())
                    .cause().isInstanceOf(DuplexException.class)
                    .extracting(e -> ((DuplexException) e).code()).isEqualTo(ErrorCode.NICKNAME_TAKEN);
        }
    }

    @Test
    void theReceiverNamesTheSenderFromTheHandshakeWhateverTheFrameSays() throws Exception {
        RecordingListener bobSees = new RecordingListener();
        try (DirectListener listening = DirectPeer.builder().nickname("bob").listener(bobSees)
                .listen("127.0.0.1", 0);
             var raw = dev.duplex.core.testing.RawDuplexSocket.connect(listening.localAddress().getPort(), 0)) {
            raw.hello("mallory", "");
            raw.readUntil(dev.duplex.core.internal.protocol.Presence.class);
            raw.send(new dev.duplex.core.internal.protocol.TextFrame(1, 0, 0, "", "", "left empty"));
            raw.send(new dev.duplex.core.internal.protocol.TextFrame(2, 0, 0, "the president", "", "pretending"));
            await().atMost(WAIT).until(() -> bobSees.texts.size() == 2);
            assertThat(bobSees.texts).extracting(TextMessage::sender).containsExactly("mallory", "mallory");
        }
    }

    @Test
    void theListenersNicknameInAnotherCaseIsRefusedToo() {
        try (DirectListener listening = DirectPeer.builder().nickname("bob").listen("127.0.0.1", 0)) {
            assertThatThrownBy(() -> DirectPeer.builder().nickname("BOB")
                    .connect("127.0.0.1", listening.localAddress().getPort()).join())
                    .cause().isInstanceOf(DuplexException.class)
                    .extracting(e -> ((DuplexException) e).code()).isEqualTo(ErrorCode.NICKNAME_TAKEN);
        }
    }

    @Test
    void listeningOnATakenPortIsASentence() {
        try (DirectListener listening = DirectPeer.builder().nickname("bob").listen("127.0.0.1", 0)) {
            int port = listening.localAddress().getPort();
            assertThatThrownBy(() -> DirectPeer.builder().nickname("x").listen("127.0.0.1", port))
                    .isInstanceOf(DuplexException.class)
                    .hasMessage("Cannot listen on 127.0.0.1:" + port + ": the port is already in use. Choose another port.");
        }
    }

    @Test
    void builderRejectsBadNamesAndPortsAtOnce() {
        assertThatThrownBy(() -> DirectPeer.builder().nickname(" bob"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not start or end with a space");
        assertThatThrownBy(() -> DirectPeer.builder().nickname("x".repeat(33)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 32");
        assertThatThrownBy(() -> DirectPeer.builder().nickname("bob").connect("127.0.0.1", 70000))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("port: 70000 (expected: 1..65535)");
        assertThatThrownBy(() -> DirectPeer.builder().connect("127.0.0.1", 1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("nickname is required");
    }
}
