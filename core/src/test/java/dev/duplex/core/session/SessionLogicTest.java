package dev.duplex.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.core.DuplexException;
import dev.duplex.core.Status;
import dev.duplex.core.internal.protocol.Ack;
import dev.duplex.core.internal.protocol.Bye;
import dev.duplex.core.internal.protocol.ErrorFrame;
import dev.duplex.core.internal.protocol.Frame;
import dev.duplex.core.internal.protocol.Hello;
import dev.duplex.core.internal.protocol.HistoryEnd;
import dev.duplex.core.internal.protocol.TextFrame;
import dev.duplex.core.protocol.ErrorCode;
import dev.duplex.core.transport.TransportConfig;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * The session's logic on {@link EmbeddedChannel}s with a mock clock ({@link EmbeddedSession}):
 * handshake deadline, BYE, acknowledgements and the outbox after a reconnect, reconnect decisions,
 * one drain per event-loop turn. No socket and no waiting: time moves when the test says so.
 */
class SessionLogicTest {
    private static final int RELAY_CAPS = Hello.CAP_TEXT | Hello.CAP_VIDEO | Hello.CAP_HISTORY_END;
    private static final ReconnectPolicy EVERY_100_MS = new ReconnectPolicy(Duration.ofMillis(100),
            Duration.ofMillis(400), 0, 0);

    private static <T extends Frame> List<T> only(List<Frame> frames, Class<T> type) {
        return frames.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void aConnectionNeverWelcomedIsClosedAtTheHandshakeDeadlineAndTheConnectFails() {
        TransportConfig config = TransportConfig.builder().helloTimeout(Duration.ofSeconds(3)).build();
        try (EmbeddedSession s = new EmbeddedSession(Role.RELAY_CLIENT, config, EVERY_100_MS)) {
            EmbeddedChannel ch = s.start();
            assertThat(s.written(ch)).isInstanceOf(Hello.class);

            s.advance(Duration.ofMillis(2999));
            assertThat(ch.isActive()).as("not before the deadline").isTrue();
            assertThat(s.session.connectedFuture()).isNotDone();

            s.advance(Duration.ofMillis(1));
            assertThat(only(s.allWritten(ch), ErrorFrame.class)).extracting(ErrorFrame::code)
                    .containsExactly(ErrorCode.HANDSHAKE_TIMEOUT);
            assertThat(ch.isActive()).isFalse();
            assertThat(s.session.state()).as("never connected: no reconnecting").isEqualTo(SessionState.CLOSED);
            assertThat(s.session.connectedFuture()).isCompletedExceptionally();
            DuplexException failure = (DuplexException) s.session.connectedFuture().handle((v, e) -> e).join();
            assertThat(failure.status().kind()).isEqualTo(Status.Kind.PROTOCOL);
            assertThat(failure.code()).isEqualTo(ErrorCode.HANDSHAKE_TIMEOUT);
            assertThat(s.dialTimes).hasSize(1);
        }
    }

    @Test
    void aDirectPeersByeEndsTheSessionForGoodAsPeerClosed() {
        try (EmbeddedSession s = new EmbeddedSession(Role.DIRECT_CONNECTOR, TransportConfig.DEFAULT, EVERY_100_MS)) {
            EmbeddedChannel ch = s.start();
            s.welcome(ch, 0, Hello.CAP_TEXT | Hello.CAP_VIDEO, "bob");
            assertThat(s.session.state()).isEqualTo(SessionState.CONNECTED);

            s.receive(ch, new Bye("see you"));

            assertThat(ch.isActive()).isFalse();
            assertThat(s.session.state()).isEqualTo(SessionState.CLOSED);
            Status closed = s.lastStatus();
            assertThat(closed.kind()).isEqualTo(Status.Kind.PEER_CLOSED);
            assertThat(closed.sentence()).isEqualTo("Your peer closed the connection: see you");
            s.advance(Duration.ofSeconds(5));
            assertThat(s.dialTimes).as("a peer that left is not called again").hasSize(1);
        }
    }

    @Test
    void aRelaysByeIsFollowedByAReconnectThatResumesTheHistory() {
        try (EmbeddedSession s = new EmbeddedSession(Role.RELAY_CLIENT, TransportConfig.DEFAULT, EVERY_100_MS)) {
            EmbeddedChannel first = s.start();
            s.welcome(first, 77, RELAY_CAPS);
            s.receive(first, new TextFrame(9, 5, 0, "bob", "lobby", "hi"));
            s.receive(first, new HistoryEnd(5));
            s.allWritten(first);

            s.receive(first, new Bye("The relay is shutting down."));

            assertThat(s.session.state()).isEqualTo(SessionState.RECONNECTING);
            Status reconnecting = s.lastStatus();
            assertThat(reconnecting.kind()).isEqualTo(Status.Kind.PEER_CLOSED);
            s.advance(Duration.ofMillis(100));
            assertThat(s.connections).hasSize(2);
            Hello hello = (Hello) s.written(s.connection());
            assertThat(hello.attributes()).as("where to resume the room's history")
                    .containsEntry(Hello.ATTR_RESUME, "5");
        }
    }

    @Test
    void textsWaitForTheirAckAndGoOutAgainWithTheSameIdsAfterAReconnect() {
        try (EmbeddedSession s = new EmbeddedSession(Role.RELAY_CLIENT, TransportConfig.DEFAULT, EVERY_100_MS)) {
            EmbeddedChannel first = s.start();
            s.welcome(first, 77, RELAY_CAPS);
            s.allWritten(first);

            CompletableFuture<Delivery> one = s.session.sendText("one");
            CompletableFuture<Delivery> two = s.session.sendText("two");
            s.runPending();
            List<TextFrame> sent = only(s.allWritten(first), TextFrame.class);
            assertThat(sent).extracting(TextFrame::body).containsExactly("one", "two");

            s.receive(first, new Ack(sent.get(0).messageId(), 41));
            assertThat(one).isCompletedWithValue(new Delivery(sent.get(0).messageId(), 41));
            assertThat(two).as("waits for its own ACK").isNotDone();

            first.close();
            s.runPending();
            assertThat(s.session.state()).isEqualTo(SessionState.RECONNECTING);
            CompletableFuture<Delivery> three = s.session.sendText("three");
            s.runPending();
            assertThat(three).as("waits in the outbox while reconnecting").isNotDone();

            s.advance(Duration.ofMillis(100));
            EmbeddedChannel second = s.connection();
            assertThat(second).isNotSameAs(first);
            s.welcome(second, 77, RELAY_CAPS);
            List<TextFrame> again = only(s.allWritten(second), TextFrame.class);
            assertThat(again).extracting(TextFrame::body).containsExactly("two", "three");
            assertThat(again.get(0).messageId()).as("the same id: the relay stores it once")
                    .isEqualTo(sent.get(1).messageId());

            s.receive(second, new Ack(again.get(0).messageId(), 42));
            s.receive(second, new Ack(again.get(1).messageId(), 43));
            assertThat(two.join().roomSequence()).isEqualTo(42);
            assertThat(three.join().roomSequence()).isEqualTo(43);
        }
    }

    @Test
    void textsSentInOneEventLoopTurnGoOutInOneDrainWithOneFlush() {
        try (EmbeddedSession s = new EmbeddedSession(Role.RELAY_CLIENT, TransportConfig.DEFAULT, EVERY_100_MS)) {
            EmbeddedChannel ch = s.start();
            s.welcome(ch, 0, RELAY_CAPS);
            s.allWritten(ch);
            int flushesBefore = s.flushes.get(0).get();

            for (int i = 0; i < 5; i++) {
                s.session.sendText("m" + i);
            }
            assertThat(s.allWritten(ch)).as("nothing written until the loop's turn").isEmpty();
            s.runPending();

            assertThat(only(s.allWritten(ch), TextFrame.class)).extracting(TextFrame::body)
                    .containsExactly("m0", "m1", "m2", "m3", "m4");
            assertThat(s.flushes.get(0).get() - flushesBefore).as("one flush for the five").isEqualTo(1);
        }
    }

    @Test
    void aRefusalNoReconnectCanCureEndsTheSession() {
        try (EmbeddedSession s = new EmbeddedSession(Role.RELAY_CLIENT, TransportConfig.DEFAULT, EVERY_100_MS)) {
            EmbeddedChannel ch = s.start();
            s.welcome(ch, 0, RELAY_CAPS);
            CompletableFuture<Delivery> pending = s.session.sendText("hello");
            s.runPending();

            s.receive(ch, new ErrorFrame(ErrorCode.ACCESS_DENIED, "Wrong room secret."));
            ch.close();
            s.runPending();

            assertThat(s.session.state()).isEqualTo(SessionState.CLOSED);
            Status closed = s.lastStatus();
            assertThat(closed.kind()).isEqualTo(Status.Kind.REFUSED);
            assertThat(closed.errorCode()).contains(ErrorCode.ACCESS_DENIED);
            s.advance(Duration.ofSeconds(5));
            assertThat(s.dialTimes).as("no reconnect after a refusal").hasSize(1);
            assertThat(pending).isCompletedExceptionally();
        }
    }

    @Test
    void reconnectsBackOffByThePolicyAndGiveUpAfterItsAttempts() {
        ReconnectPolicy threeTimes = new ReconnectPolicy(Duration.ofMillis(100), Duration.ofMillis(400), 0, 3);
        try (EmbeddedSession s = new EmbeddedSession(Role.RELAY_CLIENT, TransportConfig.DEFAULT, threeTimes)) {
            EmbeddedChannel ch = s.start();
            s.welcome(ch, 0, RELAY_CAPS);
            for (int i = 0; i < 3; i++) {
                s.refuseNextDial(new ConnectException("Connection refused"));
            }
            long lost = s.clock.nanoTime();

            ch.close();
            s.runPending();
            s.advance(Duration.ofMillis(99));
            assertThat(s.dialTimes).as("not before the first delay").hasSize(1);
            s.advance(Duration.ofMillis(1));
            s.advance(Duration.ofMillis(200));
            s.advance(Duration.ofMillis(400));

            assertThat(s.dialTimes.subList(1, 4)).extracting(t -> Duration.ofNanos(t - lost).toMillis())
                    .containsExactly(100L, 300L, 700L);
            assertThat(s.session.state()).isEqualTo(SessionState.CLOSED);
            Status gaveUp = s.lastStatus();
            assertThat(gaveUp.kind()).isEqualTo(Status.Kind.UNAVAILABLE);
            assertThat(gaveUp.sentence()).isEqualTo("Gave up reconnecting to " + EmbeddedSession.TARGET
                    + " after 3 attempts.");
        }
    }

    @Test
    void closeWhileReconnectingStopsDiallingAndSaysCancelled() {
        try (EmbeddedSession s = new EmbeddedSession(Role.RELAY_CLIENT, TransportConfig.DEFAULT, EVERY_100_MS)) {
            EmbeddedChannel ch = s.start();
            s.welcome(ch, 0, RELAY_CAPS);
            CompletableFuture<Delivery> pending = s.session.sendText("unsent");
            ch.close();
            s.runPending();
            assertThat(s.session.state()).isEqualTo(SessionState.RECONNECTING);

            s.session.close();
            s.runPending();
            s.advance(Duration.ofSeconds(1));

            assertThat(s.session.state()).isEqualTo(SessionState.CLOSED);
            assertThat(s.lastStatus().kind()).isEqualTo(Status.Kind.CANCELLED);
            assertThat(s.dialTimes).hasSize(1);
            assertThat(pending.handle((d, e) -> ((DuplexException) (e instanceof CompletionException c ? c.getCause()
                    : e)).status().kind()).join()).isEqualTo(Status.Kind.CANCELLED);
        }
    }
}
