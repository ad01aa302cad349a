package dev.duplex.core.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.core.internal.protocol.ErrorFrame;
import dev.duplex.core.internal.protocol.FrameType;
import dev.duplex.core.internal.protocol.Hello;
import dev.duplex.core.internal.protocol.TextFrame;
import dev.duplex.core.internal.protocol.VideoReceipt;
import dev.duplex.core.internal.protocol.Welcome;
import dev.duplex.core.internal.protocol.Wire;
import dev.duplex.core.protocol.ErrorCode;
import dev.duplex.core.session.DuplexClient;
import dev.duplex.core.session.Session;
import dev.duplex.core.testing.RawDuplexSocket;
import dev.duplex.core.testing.RecordingListener;
import dev.duplex.core.transport.TransportConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Misbehaving peers on real sockets: each gets an ERROR frame with a reason and a closed
 * connection, while a well-behaved pair in the same relay keeps talking.
 */
class HostilePeerTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private RelayServer relay;
    private Session alice;
    private Session bob;
    private RecordingListener bobSees;

    @BeforeEach
    void start() {
        TransportConfig config = TransportConfig.builder()
                .heartbeatInterval(Duration.ofMillis(200)).maxMissedHeartbeats(3)
                .helloTimeout(Duration.ofMillis(500)).build();
        relay = RelayServer.builder().bindHost("127.0.0.1").port(0).config(config).build().start();
        bobSees = new RecordingListener();
        alice = DuplexClient.builder().port(relay.port()).nickname("alice").room("r").config(config).connect().join();
        bob = DuplexClient.builder().port(relay.port()).nickname("bob").room("r").config(config).listener(bobSees)
                .connect().join();
    }

    @AfterEach
    void stop() {
        alice.close();
        bob.close();
        relay.close();
    }

    /** The good pair still works after each attack. */
    private void assertOthersUnaffected(String marker) {
        alice.sendText(marker).join();
        await().atMost(WAIT).until(() -> bobSees.bodies().contains(marker));
    }

    private static ErrorFrame expectErrorThenClose(RawDuplexSocket raw) throws Exception {
        ErrorFrame error = raw.readUntil(ErrorFrame.class);
        assertThat(raw.closedByPeer()).as("connection closed after the ERROR").isTrue();
        return error;
    }

    @Test
    void garbageBytesGetNotDuplexErrorAndClose() throws Exception {
        try (RawDuplexSocket raw = RawDuplexSocket.connect(relay.port(), 0)) {
            raw.sendRaw("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(expectErrorThenClose(raw).code()).isEqualTo(ErrorCode.NOT_DUPLEX);
        }
        assertOthersUnaffected("after garbage");
    }

    @Test
    void hugeLengthGetsFrameTooLargeWithoutTheServerBufferingIt() throws Exception {
        try (RawDuplexSocket raw = RawDuplexSocket.connect(relay.port(), 0)) {
            raw.sendRaw(new byte[] {(byte) Wire.MAGIC, (byte) FrameType.VIDEO.code(), 0x7F, (byte) 0xFF, (byte) 0xFF,
                    (byte) 0xFF});
            ErrorFrame error = expectErrorThenClose(raw);
            assertThat(error.code()).isEqualTo(ErrorCode.FRAME_TOO_LARGE);
            assertThat(error.message()).contains("2147483647");
        }
        assertOthersUnaffected("after huge length");
    }

    @Test
    void textBeforeHelloIsRefused() throws Exception {
        try (RawDuplexSocket raw = RawDuplexSocket.connect(relay.port(), 0)) {
            raw.send(new TextFrame(1, 0, 0, "mallory", "r", "let me in"));
            ErrorFrame error = expectErrorThenClose(raw);
            assertThat(error.code()).isEqualTo(ErrorCode.UNEXPECTED_FRAME);
            assertThat(error.message()).isEqualTo("Received TEXT before HELLO: say HELLO first.");
        }
        assertThat(bobSees.bodies()).doesNotContain("let me in");
        assertOthersUnaffected("after early text");
    }

    @Test
    void pingBeforeHelloIsRefusedNotAnswered() throws Exception {
        try (RawDuplexSocket raw = RawDuplexSocket.connect(relay.port(), 0)) {
            raw.send(new dev.duplex.core.internal.protocol.Ping(42));
            dev.duplex.core.internal.protocol.Frame first = raw.read();
            assertThat(first).as("no PONG before HELLO").isInstanceOf(ErrorFrame.class);
            assertThat(((ErrorFrame) first).code()).isEqualTo(ErrorCode.UNEXPECTED_FRAME);
            assertThat(((ErrorFrame) first).message()).isEqualTo("Received PING before HELLO: say HELLO first.");
            assertThat(raw.closedByPeer()).isTrue();
        }
        assertOthersUnaffected("after early ping");
    }

    @Test
    void aResumePositionThatIsNotADecimalNumberIsRefusedBeforeWelcome() throws Exception {
        for (String bad : new String[] {"abc", "-5", "", "+5", " 5", "1e3", "0x10", "99999999999999999999"}) {
            try (RawDuplexSocket raw = RawDuplexSocket.connect(relay.port(), 0)) {
                raw.send(new Hello(Wire.PROTOCOL_VERSION, Hello.CAP_TEXT, "returning", "r",
                        Map.of(Hello.ATTR_RESUME, bad)));
                dev.duplex.core.internal.protocol.Frame first = raw.read();
                assertThat(first).as("'%s': no WELCOME", bad).isInstanceOf(ErrorFrame.class);
                assertThat(((ErrorFrame) first).code()).isEqualTo(ErrorCode.MALFORMED_FRAME);
                assertThat(((ErrorFrame) first).message()).isEqualTo("HELLO attribute 'resume' must be a room "
                        + "sequence: 1 to 19 decimal digits, at most 9223372036854775807; got '" + bad + "'.");
                assertThat(raw.closedByPeer()).isTrue();
            }
        }
        assertThat(bobSees.presence).as("nobody joined, even for a moment")
                .noneMatch(e -> e.nicknames().contains("returning"));
        assertOthersUnaffected("after a bad resume");
    }

    @Test
    void wrongProtocolVersionGetsAClearError() throws Exception {
        try (RawDuplexSocket raw = RawDuplexSocket.connect(relay.port(), 0)) {
            raw.send(new Hello(99, Hello.CAP_TEXT, "future", "r", Map.of()));
            ErrorFrame error = expectErrorThenClose(raw);
            assertThat(error.code()).isEqualTo(ErrorCode.VERSION_MISMATCH);
            assertThat(error.message()).contains("version 1").contains("version 99");
        }
        assertOthersUnaffected("after version mismatch");
    }

    @Test
    void videoReceiptFromAClientIsIgnoredNotAnError() throws Exception {
        try (RawDuplexSocket raw = RawDuplexSocket.connect(relay.port(), 0)) {
            raw.send(new Hello(Wire.PROTOCOL_VERSION, Hello.CAP_TEXT | Hello.CAP_VIDEO | Hello.CAP_VIDEO_RECEIPTS,
                    "mallory", "r", Map.of()));
            Welcome welcome = raw.readUntil(Welcome.class);
            assertThat(welcome.capabilities() & Hello.CAP_VIDEO_RECEIPTS).as("relay offers no receipts").isZero();
            raw.send(new VideoReceipt(5, "alice"));
            raw.send(new dev.duplex.core.internal.protocol.Ping(77));
            // Still connected and served: the PING after the receipt is answered.
            assertThat(raw.readUntil(dev.duplex.core.internal.protocol.Pong.class).echoedSendTimeMicros()).isEqualTo(77);
        }
        assertOthersUnaffected("after a video receipt");
    }

    @Test
    void invalidUtf8TextGetsAnErrorAndIsNotRelayed() throws Exception {
        try (RawDuplexSocket raw = RawDuplexSocket.connect(relay.port(), 0).hello("mallory", "r")) {
            raw.readUntil(Welcome.class);
            byte[] frame = {(byte) Wire.MAGIC, (byte) FrameType.TEXT.code(), 0, 0, 0, 28,
                    0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xC3, 0x28};
            raw.sendRaw(frame);
            assertThat(expectErrorThenClose(raw).code()).isEqualTo(ErrorCode.INVALID_UTF8);
        }
        assertOthersUnaffected("after bad utf8");
    }

    @Test
    void truncatedFrameThenSilenceIsClosedByTheHeartbeat() throws Exception {
        try (RawDuplexSocket raw = RawDuplexSocket.connect(relay.port(), 0).hello("mallory", "r")) {
            raw.readUntil(Welcome.class);
            raw.sendRaw(new byte[] {(byte) Wire.MAGIC, (byte) FrameType.TEXT.code(), 0, 0, 0, 100, 1, 2, 3});
            ErrorFrame error = expectErrorThenClose(raw);
            assertThat(error.code()).isEqualTo(ErrorCode.HEARTBEAT_TIMEOUT);
        }
        assertOthersUnaffected("after truncated frame");
    }

    @Test
    void peerThatNeverAnswersHeartbeatsIsClosed() throws Exception {
        try (RawDuplexSocket raw = RawDuplexSocket.connect(relay.port(), 0).hello("sleepy", "r")) {
            await().atMost(WAIT).until(() -> alice.participants().contains("sleepy"));
            // It reads (so the relay's writes succeed) but never sends anything back.
            assertThat(expectErrorThenClose(raw).code()).isEqualTo(ErrorCode.HEARTBEAT_TIMEOUT);
        }
        await().atMost(WAIT).until(() -> !alice.participants().contains("sleepy"));
        assertOthersUnaffected("after dead peer");
    }

    @Test
    void connectionThatNeverSaysHelloIsClosedAtTheDeadline() throws Exception {
        try (RawDuplexSocket raw = RawDuplexSocket.connect(relay.port(), 0)) {
            raw.sendRaw(new byte[] {(byte) Wire.MAGIC});
            assertThat(expectErrorThenClose(raw).code()).isEqualTo(ErrorCode.HANDSHAKE_TIMEOUT);
        }
        assertOthersUnaffected("after slowloris");
    }

    @Test
    void secondHelloIsUnexpected() throws Exception {
        try (RawDuplexSocket raw = RawDuplexSocket.connect(relay.port(), 0).hello("twice", "r")) {
            raw.readUntil(Welcome.class);
            raw.send(new Hello("twice", "r"));
            assertThat(expectErrorThenClose(raw).code()).isEqualTo(ErrorCode.UNEXPECTED_FRAME);
        }
        assertOthersUnaffected("after double hello");
    }
}
