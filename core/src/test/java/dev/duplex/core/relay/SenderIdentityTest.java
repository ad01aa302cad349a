package dev.duplex.core.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.core.internal.protocol.Ack;
import dev.duplex.core.internal.protocol.Hello;
import dev.duplex.core.internal.protocol.TextFrame;
import dev.duplex.core.internal.protocol.Welcome;
import dev.duplex.core.internal.protocol.Wire;
import dev.duplex.core.session.DuplexClient;
import dev.duplex.core.session.Session;
import dev.duplex.core.testing.RawDuplexSocket;
import dev.duplex.core.testing.RecordingListener;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The relay recognises a resent message by the sender's session, not by its nickname: someone who
 * takes a free nickname cannot store message ids in its owner's name and so have the owner's later
 * messages acknowledged but never forwarded. Message ids are not guessable from the clock either.
 */
class SenderIdentityTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String OWNER_TOKEN = "owner-token-0123456789abcdef";

    private RelayServer relay;
    private Session bob;
    private final RecordingListener bobSees = new RecordingListener();

    @BeforeEach
    void start() {
        relay = RelayServer.builder().bindHost("127.0.0.1").port(0).build().start();
        bob = DuplexClient.builder().port(relay.port()).nickname("bob").room("r").listener(bobSees).connect().join();
    }

    @AfterEach
    void stop() {
        bob.close();
        relay.close();
    }

    private RawDuplexSocket join(String nickname, String token) throws Exception {
        Map<String, String> attributes = new HashMap<>();
        if (token != null) {
            attributes.put(Hello.ATTR_SESSION, token);
        }
        RawDuplexSocket raw = RawDuplexSocket.connect(relay.port(), 0);
        raw.send(new Hello(Wire.PROTOCOL_VERSION, Hello.CAP_TEXT, nickname, "r", attributes));
        raw.readUntil(Welcome.class);
        return raw;
    }

    private static long send(RawDuplexSocket raw, long id, String body) throws Exception {
        raw.send(new TextFrame(id, 0, 0, "", "", body));
        Ack ack = raw.readUntil(Ack.class);
        assertThat(ack.messageId()).isEqualTo(id);
        return ack.roomSequence();
    }

    @Test
    void aNicknameSquatterCannotSuppressTheOwnersLaterMessages() throws Exception {
        try (RawDuplexSocket owner = join("alice", OWNER_TOKEN)) {
            send(owner, 1, "owner's first");
        }
        await().atMost(WAIT).until(() -> !bob.participants().contains("alice"));
        // While the owner is away, someone takes the nickname and stores the ids the owner will use next.
        for (String token : new String[] {null, "squatter-token-0123456789"}) {
            try (RawDuplexSocket squatter = join("alice", token)) {
                for (long id = 2; id <= 6; id++) {
                    send(squatter, id, "squatted " + id);
                }
            }
            await().atMost(WAIT).until(() -> !bob.participants().contains("alice"));
        }
        try (RawDuplexSocket owner = join("alice", OWNER_TOKEN)) {
            long first = send(owner, 2, "owner's second");
            long second = send(owner, 3, "owner's third");
            assertThat(second).isEqualTo(first + 1);
            assertThat(first).as("stored anew, not taken for a squatter's message").isEqualTo(12);
        }
        await().atMost(WAIT).until(() -> bobSees.bodies().contains("owner's third"));
        assertThat(bobSees.bodies()).containsSubsequence("owner's first", "owner's second", "owner's third");
    }

    @Test
    void theSameSessionSendingAnIdAgainAfterAReconnectIsStillStoredOnce() throws Exception {
        long sequence;
        try (RawDuplexSocket owner = join("alice", OWNER_TOKEN)) {
            sequence = send(owner, 7, "once");
        }
        try (RawDuplexSocket owner = join("alice", OWNER_TOKEN)) {
            assertThat(send(owner, 7, "once")).as("acknowledged with its first sequence").isEqualTo(sequence);
        }
        assertThat(relay.history().messages("r")).extracting(m -> m.body()).containsExactly("once");
        await().atMost(WAIT).until(() -> bobSees.bodies().contains("once"));
        assertThat(bobSees.bodies()).containsOnlyOnce("once");
    }

    @Test
    void messageIdsAreNotTheClock() {
        long clockIds = System.currentTimeMillis() * 1000;
        long first = bob.sendText("one").join().messageId();
        long second = bob.sendText("two").join().messageId();
        assertThat(second).as("ids count up within a session").isEqualTo(first + 1);
        assertThat(Math.abs(first - clockIds)).as("not derived from the time").isGreaterThan(1_000_000_000_000L);
        assertThat(first).isPositive();
        Session other = DuplexClient.builder().port(relay.port()).nickname("carol").room("r").connect().join();
        try {
            assertThat(Math.abs(other.sendText("three").join().messageId() - first))
                    .as("another session's ids start elsewhere").isGreaterThan(1_000_000_000_000L);
        } finally {
            other.close();
        }
    }
}
