package dev.duplex.core.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.duplex.core.DuplexException;
import dev.duplex.core.internal.history.MessageStore;
import dev.duplex.core.internal.protocol.Ack;
import dev.duplex.core.internal.protocol.ErrorFrame;
import dev.duplex.core.internal.protocol.Frame;
import dev.duplex.core.internal.protocol.FrameCodec;
import dev.duplex.core.internal.protocol.FrameType;
import dev.duplex.core.internal.protocol.Ping;
import dev.duplex.core.internal.protocol.Pong;
import dev.duplex.core.internal.protocol.Presence;
import dev.duplex.core.internal.protocol.TextFrame;
import dev.duplex.core.internal.protocol.VideoFrame;
import dev.duplex.core.internal.protocol.Welcome;
import dev.duplex.core.internal.protocol.Wire;
import dev.duplex.core.protocol.ErrorCode;
import dev.duplex.core.protocol.FrameLimits;
import dev.duplex.core.session.DuplexClient;
import dev.duplex.core.session.Session;
import dev.duplex.core.session.SessionState;
import dev.duplex.core.testing.RawDuplexSocket;
import dev.duplex.core.testing.RecordingListener;
import dev.duplex.core.transport.TransportConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One legal message must not poison a room: the relay refuses a TEXT or VIDEO whose forwarded form
 * (with the sender's name and room added) would be over the receivers' limit, never sends stored
 * history that is over it, and a client that receives an oversized frame anyway says so once and
 * stays connected instead of reconnecting into the same message again and again.
 */
class RelayBudgetTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int TEXT_LIMIT = FrameLimits.DEFAULT.maxTextPayload();
    private static final int VIDEO_LIMIT = FrameLimits.DEFAULT.maxVideoPayload();

    private RelayServer relay;
    private Session bob;
    private final RecordingListener bobSees = new RecordingListener();

    private void start(TransportConfig config) {
        relay = RelayServer.builder().bindHost("127.0.0.1").port(0).config(config).build().start();
        bob = DuplexClient.builder().port(relay.port()).nickname("bob").room("r").config(config).listener(bobSees)
                .connect().join();
    }

    @AfterEach
    void stop() {
        if (bob != null) {
            bob.close();
        }
        if (relay != null) {
            relay.close();
        }
    }

    /** The frame, as sent: whatever the sender put in the sender and room fields. */
    private static void sendText(RawDuplexSocket raw, long id, int payloadBytes) throws Exception {
        raw.send(new TextFrame(id, 0, 0, "", "", "x".repeat(payloadBytes - FrameType.TEXT.minPayloadLength())));
    }

    private static void assertStillServed(RawDuplexSocket raw) throws Exception {
        raw.send(new Ping(99));
        assertThat(raw.readUntil(Pong.class).echoedSendTimeMicros()).isEqualTo(99);
    }

    @Test
    void aTextAtTheWireLimitIsRefusedWithANoticeAndNeitherStoredNorForwarded() throws Exception {
        start(TransportConfig.DEFAULT);
        try (RawDuplexSocket mallory = RawDuplexSocket.connect(relay.port(), 0).hello("mallory", "r")) {
            mallory.readUntil(Welcome.class);
            sendText(mallory, 41, TEXT_LIMIT);
            ErrorFrame notice = mallory.readUntil(ErrorFrame.class);
            assertThat(notice.code()).isEqualTo(ErrorCode.TOO_LARGE_TO_RELAY);
            assertThat(notice.messageId()).isEqualTo(41);
            assertThat(notice.message()).isEqualTo("Message 41 was not sent: with your name and room added it "
                    + "would be " + (TEXT_LIMIT + 8) + " bytes, over the limit of " + TEXT_LIMIT + " bytes. Leave "
                    + "room for your name and room: at most " + (TEXT_LIMIT - 26 - 8) + " bytes of text for you here.");
            assertStillServed(mallory);
            mallory.send(new TextFrame(42, 0, 0, "", "", "a normal one"));
            assertThat(mallory.readUntil(Ack.class).messageId()).isEqualTo(42);
        }
        await().atMost(WAIT).until(() -> bobSees.bodies().contains("a normal one"));
        assertThat(bobSees.bodies()).containsExactly("a normal one");
        assertThat(relay.history().messages("r")).extracting(m -> m.messageId()).containsExactly(42L);
        assertThat(bobSees.states).as("bob never lost its connection").containsOnly(SessionState.CONNECTED);
    }

    @Test
    void theLargestTextThatLeavesRoomForNameAndRoomIsForwarded() throws Exception {
        start(TransportConfig.DEFAULT);
        try (RawDuplexSocket mallory = RawDuplexSocket.connect(relay.port(), 0).hello("mallory", "r")) {
            mallory.readUntil(Welcome.class);
            int largest = TEXT_LIMIT - "mallory".length() - "r".length();
            sendText(mallory, 1, largest);
            assertThat(mallory.readUntil(Ack.class).roomSequence()).isEqualTo(1);
        }
        await().atMost(WAIT).until(() -> bobSees.texts.size() == 1);
        assertThat(bobSees.texts.get(0).body()).hasSize(TEXT_LIMIT - 26 - 8);
    }

    @Test
    void aVideoAtTheWireLimitIsRefusedWithOneNoticeAndNotForwarded() throws Exception {
        start(TransportConfig.DEFAULT);
        try (RawDuplexSocket mallory = RawDuplexSocket.connect(relay.port(), 0).hello("mallory", "r")) {
            mallory.readUntil(Welcome.class);
            byte[] jpeg = new byte[VIDEO_LIMIT - FrameType.VIDEO.minPayloadLength()];
            for (int i = 1; i <= 2; i++) {
                mallory.send(new VideoFrame(i, 0, 4, 3, "", Unpooled.wrappedBuffer(jpeg)));
            }
            mallory.send(new VideoFrame(3, 0, 4, 3, "", Unpooled.wrappedBuffer(new byte[] {1, 2, 3})));
            ErrorFrame notice = mallory.readUntil(ErrorFrame.class);
            assertThat(notice.code()).isEqualTo(ErrorCode.TOO_LARGE_TO_RELAY);
            assertThat(notice.message()).startsWith("A video frame was not sent: with your name added it would be "
                    + (VIDEO_LIMIT + 7) + " bytes");
            assertStillServed(mallory);
            await().atMost(WAIT).until(() -> bobSees.videos.size() == 1);
            assertThat(bobSees.videos.get(0).sequence()).isEqualTo(3);
            mallory.send(new Ping(100));
            assertThat(mallory.read()).as("one notice per connection for video").isInstanceOf(Pong.class);
        }
        assertThat(bobSees.states).containsOnly(SessionState.CONNECTED);
    }

    @Test
    void aSenderWithLargerLimitsThanTheRelayHasItsSendFailedWithTheRelaysSentence() {
        start(TransportConfig.DEFAULT);
        TransportConfig generous = TransportConfig.builder()
                .frameLimits(FrameLimits.DEFAULT.withMaxTextPayload(2 * TEXT_LIMIT)).build();
        RecordingListener aliceSees = new RecordingListener();
        Session alice = DuplexClient.builder().port(relay.port()).nickname("alice").room("r").config(generous)
                .listener(aliceSees).connect().join();
        try {
            CompletableFuture<?> tooLong = alice.sendText("x".repeat(TEXT_LIMIT));
            Throwable t = catchThrowable(tooLong::join);
            assertThat(t).isInstanceOf(CompletionException.class).cause().isInstanceOf(DuplexException.class);
            DuplexException e = (DuplexException) t.getCause();
            assertThat(e.code()).isEqualTo(ErrorCode.TOO_LARGE_TO_RELAY);
            assertThat(e.getMessage()).contains("at most " + (TEXT_LIMIT - 26 - 6) + " bytes of text for you here");
            assertThat(alice.sendText("short").join().roomSequence()).isEqualTo(1);
            assertThat(alice.state()).isEqualTo(SessionState.CONNECTED);
        } finally {
            alice.close();
        }
        await().atMost(WAIT).until(() -> bobSees.bodies().contains("short"));
        assertThat(bobSees.bodies()).containsExactly("short");
    }

    @Test
    void storedHistoryOverTheCurrentLimitIsNeverSentAndTheJoinerIsToldSo() throws Exception {
        int small = 32 * 1024;
        TransportConfig config = TransportConfig.builder().frameLimits(FrameLimits.DEFAULT.withMaxTextPayload(small))
                .build();
        relay = RelayServer.builder().bindHost("127.0.0.1").port(0).config(config).build().start();
        // Stored under larger limits, before a restart with smaller ones.
        store(relay.store(), 1, "x".repeat(small));
        store(relay.store(), 2, "fits");
        bob = DuplexClient.builder().port(relay.port()).nickname("bob").room("r").config(config).listener(bobSees)
                .connect().join();
        await().atMost(WAIT).until(() -> bobSees.bodies().contains("fits"));
        assertThat(bobSees.bodies()).containsExactly("fits");
        assertThat(bobSees.errors).hasSize(1);
        assertThat(bobSees.errors.get(0).code()).isEqualTo(ErrorCode.HISTORY_TRUNCATED);
        assertThat(bobSees.errors.get(0).message()).isEqualTo("1 message of this room's history is larger than this "
                + "relay now allows and was left out.");
        assertThat(bobSees.states).containsOnly(SessionState.CONNECTED);
    }

    private static void store(MessageStore history, long id, String body) {
        CompletableFuture<MessageStore.Appended> done = new CompletableFuture<>();
        history.append("r", "old", "session:old", id, 1, body, done::complete, done::completeExceptionally);
        done.join();
    }

    @Test
    void aClientThatReceivesAnOversizedFrameFromTheRelaySaysSoOnceAndStaysConnected() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket fakeRelay = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            Thread server = new Thread(() -> serveOversizedFrames(fakeRelay, connections), "fake-relay");
            server.setDaemon(true);
            server.start();
            RecordingListener sees = new RecordingListener();
            Session client = DuplexClient.builder().port(fakeRelay.getLocalPort()).nickname("bob").room("r")
                    .listener(sees).connect().join();
            try {
                await().atMost(WAIT).until(() -> sees.bodies().size() == 2);
                assertThat(sees.bodies()).containsExactly("after the first", "after the second");
                assertThat(sees.errors).as("said once").hasSize(1);
                assertThat(sees.errors.get(0).code()).isEqualTo(ErrorCode.FRAME_TOO_LARGE);
                assertThat(sees.errors.get(0).message()).isEqualTo("The relay sent a TEXT of " + (TEXT_LIMIT + 100)
                        + " bytes, over this side's limit of " + TEXT_LIMIT + " bytes: it was skipped.");
                assertThat(connections.get()).as("no reconnect").isEqualTo(1);
                assertThat(client.state()).isEqualTo(SessionState.CONNECTED);
            } finally {
                client.close();
            }
        }
    }

    /** A relay that welcomes one client, then sends it an oversized TEXT and a normal one, twice. */
    private static void serveOversizedFrames(ServerSocket server, AtomicInteger connections) {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                connections.incrementAndGet();
                DataInputStream in = new DataInputStream(s.getInputStream());
                byte[] header = new byte[Wire.HEADER_LENGTH];
                in.readFully(header); // HELLO
                in.skipNBytes(((header[2] & 0xFFL) << 24) | ((header[3] & 0xFF) << 16) | ((header[4] & 0xFF) << 8)
                        | (header[5] & 0xFF));
                OutputStream out = s.getOutputStream();
                out.write(bytes(new Welcome(1, 3, "bob", "r", 5000, 0, 7)));
                out.write(bytes(new Presence(Presence.Kind.SNAPSHOT, "r", List.of("bob"))));
                String big = "y".repeat(TEXT_LIMIT + 100 - 26 - 1 - 1);
                out.write(bytes(new TextFrame(1, 1, 0, "m", "r", big)));
                out.write(bytes(new TextFrame(2, 2, 0, "m", "r", "after the first")));
                out.write(bytes(new TextFrame(3, 3, 0, "m", "r", big)));
                out.write(bytes(new TextFrame(4, 4, 0, "m", "r", "after the second")));
                out.flush();
                while (in.read() >= 0) {
                    // until the client leaves
                }
            } catch (java.io.IOException e) {
                // closed by the test
            }
        }
    }

    private static byte[] bytes(Frame frame) {
        ByteBuf b = FrameCodec.encode(frame, UnpooledByteBufAllocator.DEFAULT);
        try {
            return ByteBufUtil.getBytes(b);
        } finally {
            b.release();
        }
    }
}
