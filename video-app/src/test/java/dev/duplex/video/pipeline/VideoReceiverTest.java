package dev.duplex.video.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.core.Status;
import dev.duplex.core.protocol.ErrorCode;
import dev.duplex.core.session.PresenceEvent;
import dev.duplex.core.session.Session;
import dev.duplex.core.session.SessionError;
import dev.duplex.core.session.SessionState;
import dev.duplex.video.codec.EncodeSettings;
import dev.duplex.video.stats.CallStats;
import dev.duplex.video.testkit.RecordingDisplay;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the person is told about the room and the connection: each fact once, in plain words. */
class VideoReceiverTest {
    private final RecordingDisplay display = new RecordingDisplay(10);
    private final VideoReceiver receiver = new VideoReceiver(new LatestPerKey<>(4, m -> { }),
            new CallStats(new EncodeSettings(90, 1)), display);

    /** A session that only answers who it is and where it is connected. */
    private static Session session(String room) throws Exception {
        InetSocketAddress remote = new InetSocketAddress(InetAddress.getByName("::1"), 41200);
        return (Session) Proxy.newProxyInstance(Session.class.getClassLoader(), new Class<?>[] {Session.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "nickname" -> "alice";
                    case "room" -> room;
                    case "remoteAddress" -> remote;
                    default -> null;
                });
    }

    @Test
    void saysWhoJoinedAndWhoLeftButNeverYou() throws Exception {
        Session s = session("demo");
        receiver.onPresence(s, new PresenceEvent(PresenceEvent.Kind.JOINED, "demo", List.of("carol")));
        receiver.onPresence(s, new PresenceEvent(PresenceEvent.Kind.LEFT, "demo", List.of("carol")));
        receiver.onPresence(s, new PresenceEvent(PresenceEvent.Kind.JOINED, "demo", List.of("alice")));
        assertThat(display.statuses).containsExactly("carol joined.", "carol left.");
    }

    @Test
    void addressesReadAsPeopleWriteThem() throws Exception {
        receiver.onStateChanged(session(""), SessionState.CONNECTED,
                Status.of(Status.Kind.OK, "Connected to /0:0:0:0:0:0:0:1:41200."));
        assertThat(display.statuses).containsExactly("Connected to [::1]:41200.");
    }

    @Test
    void anErrorThatEndsTheConnectionIsToldOnceAndALostHeartbeatInPlainWords() throws Exception {
        Session s = session("demo");
        String dead = "No frame from the peer for 4 heartbeat intervals: the connection is dead.";
        receiver.onError(s, new SessionError(ErrorCode.HEARTBEAT_TIMEOUT, dead));
        receiver.onStateChanged(s, SessionState.RECONNECTING, Status.of(ErrorCode.HEARTBEAT_TIMEOUT, dead));
        assertThat(display.statuses).containsExactly("Lost contact with the relay: it stopped answering.",
                "Reconnecting...");

        display.statuses.clear();
        receiver.onError(s, new SessionError(ErrorCode.NICKNAME_TAKEN, "The nickname 'alice' is already used."));
        receiver.onStateChanged(s, SessionState.CLOSED,
                Status.of(ErrorCode.NICKNAME_TAKEN, "The nickname 'alice' is already used."));
        assertThat(display.statuses).containsExactly("The nickname 'alice' is already used.");
    }
}
