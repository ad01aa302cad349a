package dev.duplex.core.internal.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.core.internal.protocol.Ack;
import dev.duplex.core.internal.protocol.Bye;
import dev.duplex.core.internal.protocol.ErrorFrame;
import dev.duplex.core.internal.protocol.Hello;
import dev.duplex.core.internal.protocol.HistoryEnd;
import dev.duplex.core.internal.protocol.Ping;
import dev.duplex.core.internal.protocol.Pong;
import dev.duplex.core.internal.protocol.Presence;
import dev.duplex.core.internal.protocol.TextFrame;
import dev.duplex.core.internal.protocol.VideoFrame;
import dev.duplex.core.internal.protocol.Welcome;
import dev.duplex.core.internal.protocol.Wire;
import dev.duplex.core.protocol.ErrorCode;
import dev.duplex.core.relay.RelayServer;
import dev.duplex.core.security.Identity;
import dev.duplex.core.security.TlsOptions;
import dev.duplex.core.session.DuplexClient;
import dev.duplex.core.session.PresenceEvent;
import dev.duplex.core.session.Session;
import dev.duplex.core.session.SessionListener;
import dev.duplex.core.session.VideoMessage;
import dev.duplex.core.testing.RecordingListener;
import dev.duplex.core.transport.AbuseLimits;
import dev.duplex.core.transport.TransportConfig;
import dev.duplex.core.web.WebOptions;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Members over the relay's WebSocket, on loopback, written byte by byte as a browser would: the same
 * rooms, presence, history, acknowledgements, limits, rate limits, heartbeats and latest-frame-wins
 * video as members over TCP, with TLS (wss) when the relay has TLS.
 */
class WebRelayTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String TOKEN = "web-relay-test-session-0001";
    private static final int CAPABILITIES = Hello.CAP_TEXT | Hello.CAP_VIDEO | Hello.CAP_HISTORY_END;
    private static final int FRAMES = 300;
    private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, 1, 2, 3, (byte) 0xff, (byte) 0xd9};

    private static RelayServer.Builder relay() {
        return RelayServer.builder().bindHost("127.0.0.1").port(0).web(WebOptions.onPort(0));
    }

    private static Hello hello(String nickname) {
        return new Hello(Wire.PROTOCOL_VERSION, CAPABILITIES, nickname, "lobby", Map.of(Hello.ATTR_SESSION, TOKEN));
    }

    private static Session tcpMember(RelayServer relay, String nickname, RecordingListener listener) {
        return DuplexClient.builder().port(relay.port()).nickname(nickname).room("lobby").listener(listener)
                .connect().join();
    }

    @Test
    void aWebSocketMemberAndATcpMemberShareARoomWithHistoryAcksAndVideo() throws Exception {
        RecordingListener bobHears = new RecordingListener();
        try (RelayServer relay = relay().build().start();
             Session bob = tcpMember(relay, "bob", bobHears)) {
            bob.sendText("before you came").join();
            try (RawWebSocket alice = RawWebSocket.open(relay.webPort())) {
                alice.send(hello("alice"));
                Welcome welcome = alice.readUntil(Welcome.class);
                assertThat(welcome.nickname()).isEqualTo("alice");
                assertThat(welcome.capabilities() & Hello.CAP_HISTORY_END).isNotZero();
                assertThat(alice.readUntil(Presence.class).nicknames()).containsExactly("bob", "alice");
                TextFrame history = alice.readUntil(TextFrame.class);
                assertThat(history.sender() + ": " + history.body()).isEqualTo("bob: before you came");
                assertThat(alice.readUntil(HistoryEnd.class).roomSequence()).isEqualTo(1);
                await().atMost(WAIT).until(() -> bobHears.presence.contains(
                        new PresenceEvent(PresenceEvent.Kind.JOINED, "lobby", List.of("alice"))));

                // The relay names the sender and room, acknowledges, numbers and forwards.
                alice.send(new TextFrame(77, 0, 0, "mallory", "elsewhere", "hi bob"));
                assertThat(alice.readUntil(Ack.class)).isEqualTo(new Ack(77, 2));
                await().atMost(WAIT).until(() -> bobHears.texts.size() == 1);
                assertThat(bobHears.texts.get(0).sender()).isEqualTo("alice");
                assertThat(bobHears.texts.get(0).roomSequence()).isEqualTo(2);
                // A resend (same session, same id) is acknowledged again and stored once.
                alice.send(new TextFrame(77, 0, 0, "alice", "lobby", "hi bob"));
                assertThat(alice.readUntil(Ack.class)).isEqualTo(new Ack(77, 2));
                assertThat(relay.history().messages("lobby")).hasSize(2);

                assertThat(bob.sendVideo(2, 2, 1, JPEG)).isTrue();
                VideoFrame fromBob = alice.readUntil(VideoFrame.class);
                assertThat(fromBob.sender()).isEqualTo("bob");
                assertThat(ByteBufUtil.getBytes(fromBob.jpeg())).isEqualTo(JPEG);
                fromBob.release();
                VideoFrame mine = new VideoFrame(1, 0, 2, 2, "", Unpooled.wrappedBuffer(JPEG));
                alice.send(mine);
                mine.release();
                await().atMost(WAIT).until(() -> bobHears.videos.size() == 1);
                assertThat(bobHears.videos.get(0).sender()).isEqualTo("alice");
                assertThat(bobHears.videos.get(0).jpeg()).isEqualTo(JPEG);

                alice.send(new Bye(""));
                await().atMost(WAIT).until(() -> bobHears.presence.contains(
                        new PresenceEvent(PresenceEvent.Kind.LEFT, "lobby", List.of("alice"))));
            }
        }
    }

    @Test
    void textsThatTheRelayWritesAsOneRunReachAWebSocketMemberOneFramePerMessage() throws Exception {
        int texts = 200;
        try (RelayServer relay = relay().build().start();
             Session bob = tcpMember(relay, "bob", new RecordingListener());
             RawWebSocket alice = RawWebSocket.open(relay.webPort())) {
            alice.send(hello("alice"));
            alice.readUntil(HistoryEnd.class);
            List<CompletableFuture<?>> sent = new ArrayList<>();
            for (int i = 0; i < texts; i++) {
                sent.add(bob.sendText("text " + i)); // back to back: the relay commits and writes them in batches
            }
            for (int i = 0; i < texts; i++) {
                assertThat(alice.readUntil(TextFrame.class).body()).isEqualTo("text " + i);
            }
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
                    .get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void wssCarriesTheSameFramesWithTheRelaysIdentity() throws Exception {
        Identity identity = Identity.generate();
        try (RelayServer relay = relay().tls(TlsOptions.server(identity)).build().start();
             RawWebSocket alice = RawWebSocket.open(relay.webPort(), identity, 0)) {
            alice.send(hello("alice"));
            assertThat(alice.readUntil(Welcome.class).room()).isEqualTo("lobby");
        }
    }

    @Test
    void plainHttpToTheTlsWebPortIsToldToUseHttps() throws Exception {
        try (RelayServer relay = relay().tls(TlsOptions.server(Identity.generate())).build().start();
             Socket socket = new Socket("127.0.0.1", relay.webPort())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("Connection: close")
                    .endsWith(HttpsOnlyAnswer.SENTENCE + "\n");
        }
    }

    @Test
    void aTextOverTheLimitAsForwardedIsRefusedWithANoticeAndTheConnectionStays() throws Exception {
        try (RelayServer relay = relay().build().start(); RawWebSocket alice = RawWebSocket.open(relay.webPort())) {
            alice.send(hello("alice"));
            alice.readUntil(HistoryEnd.class);
            alice.send(new TextFrame(5, 0, 0, "alice", "lobby", "x".repeat(70_000)));
            ErrorFrame notice = alice.readUntil(ErrorFrame.class);
            assertThat(notice.code()).isEqualTo(ErrorCode.TOO_LARGE_TO_RELAY);
            assertThat(notice.messageId()).isEqualTo(5);
            alice.send(new TextFrame(6, 0, 0, "alice", "lobby", "short enough"));
            assertThat(alice.readUntil(Ack.class).messageId()).isEqualTo(6);
            assertThat(relay.history().messages("lobby")).extracting(m -> m.body()).containsExactly("short enough");
        }
    }

    @Test
    void aMessageOverTheLargestFrameIsRefusedFromItsHeaderWithMessageTooBig() throws Exception {
        try (RelayServer relay = relay().build().start(); RawWebSocket alice = RawWebSocket.open(relay.webPort())) {
            alice.send(hello("alice"));
            alice.readUntil(HistoryEnd.class);
            // Only the header of a message one byte too long: the relay must not wait for the rest.
            long tooLong = Wire.maxFrameLength(TransportConfig.DEFAULT.frameLimits()) + 1;
            alice.sendRaw(Unpooled.buffer().writeByte(0x82).writeByte(0x80 | 127).writeLong(tooLong).writeInt(0));
            RawWebSocket.Closed closed = alice.readUntil(RawWebSocket.Closed.class);
            assertThat(closed.code()).isEqualTo(1009);
            assertThat(alice.closedByPeer()).isTrue();
        }
    }

    @Test
    void aFloodOverTheRateLimitIsClosedLikeATcpMember() throws Exception {
        AbuseLimits limits = AbuseLimits.builder().textFramesPerSecond(20).burst(Duration.ofMillis(500)).build();
        try (RelayServer relay = relay().limits(limits).build().start();
             RawWebSocket alice = RawWebSocket.open(relay.webPort())) {
            alice.send(hello("alice"));
            alice.readUntil(HistoryEnd.class);
            // In one write, so the relay has read all of it when it closes (unread bytes would reset the connection).
            alice.sendAll(LongStream.range(0, 30).mapToObj(Ping::new).toList());
            assertThat(alice.readUntil(ErrorFrame.class).code()).isEqualTo(ErrorCode.RATE_LIMITED);
            assertThat(alice.closedByPeer()).isTrue();
            assertThat(relay.guardCounters().rateLimited()).isEqualTo(1);
        }
    }

    @Test
    void aMemberThatAnswersNoPingIsClosedByTheHeartbeat() throws Exception {
        TransportConfig quick = TransportConfig.builder().heartbeatInterval(Duration.ofMillis(100)).build();
        try (RelayServer relay = relay().config(quick).build().start();
             RawWebSocket alice = RawWebSocket.open(relay.webPort())) {
            alice.send(hello("alice"));
            ErrorFrame error = null;
            for (int i = 0; i < 100 && error == null; i++) {
                if (alice.read() instanceof ErrorFrame e) {
                    error = e; // PINGs, unanswered, come first
                }
            }
            assertThat(error).isNotNull();
            assertThat(error.code()).isEqualTo(ErrorCode.HEARTBEAT_TIMEOUT);
            assertThat(((RawWebSocket.Closed) alice.read()).code()).isEqualTo(1000);
        }
    }

    @Test
    void aWebSocketMemberThatStopsReadingLosesOldVideoNotTheOthersTime() throws Exception {
        AtomicLong daveLast = new AtomicLong();
        SessionListener dave = new SessionListener() {
            @Override
            public void onVideo(Session s, VideoMessage frame) {
                daveLast.set(frame.sequence());
            }
        };
        byte[] jpeg = new byte[64 * 1024];
        try (RelayServer relay = relay().build().start();
             RawWebSocket carol = RawWebSocket.open(relay.webPort(), null, 16 * 1024);
             Session daveSession = DuplexClient.builder().port(relay.port()).nickname("dave").room("lobby")
                     .listener(dave).connect().join();
             Session bob = tcpMember(relay, "bob", new RecordingListener())) {
            carol.send(new Hello(Wire.PROTOCOL_VERSION, Hello.CAP_VIDEO, "carol", "lobby", Map.of()));
            carol.readUntil(Welcome.class);
            // carol reads no more while bob sends (paced like a camera at its fastest: ~500 frames/s).
            long offered = 0;
            for (int i = 0; i < FRAMES; i++) {
                if (bob.sendVideo(64, 64, i, jpeg)) {
                    offered++;
                }
                LockSupport.parkNanos(2_000_000);
            }
            long newest = offered; // sequence numbers count the frames offered
            // The member that reads is not held up: the newest frame reaches it while carol reads nothing.
            await().atMost(WAIT).until(() -> daveLast.get() == newest);
            long sent = bob.stats().videoSent();
            assertThat(relay.stats().videoDropped()).as("dropped for carol, not queued").isPositive();
            assertThat(relay.stats().members()).as("carol is not disconnected for it").isEqualTo(3);

            // What carol gets once she reads again ends with the newest frame, without the backlog.
            long last = 0;
            int received = 0;
            while (last < newest) {
                Object next = carol.read();
                if (next instanceof VideoFrame video) {
                    last = video.sequence();
                    received++;
                    video.release();
                } else if (next instanceof Ping ping) {
                    carol.send(new Pong(ping.sendTimeMicros(), 0));
                }
            }
            assertThat(received).isLessThan((int) sent);
        }
    }

    @Test
    void aConnectionOverTheCapsIsAnswered503() throws Exception {
        AbuseLimits oneEach = AbuseLimits.builder().maxConnectionsPerAddress(1).build();
        try (RelayServer relay = relay().limits(oneEach).build().start();
             RawWebSocket first = RawWebSocket.open(relay.webPort());
             Socket second = new Socket("127.0.0.1", relay.webPort())) {
            second.setSoTimeout(5000);
            second.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = second.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 503 Service Unavailable\r\n");
            assertThat(answer.substring(answer.indexOf("\r\n\r\n") + 4)).contains("Too many connections from 127.0.0.1 (at most 1)");
            assertThat(relay.guardCounters().refusedConnections()).isEqualTo(1);
            first.send(hello("alice"));
            first.readUntil(Welcome.class);
        }
    }
}
