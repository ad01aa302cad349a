package dev.duplex.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.core.DuplexException;
import dev.duplex.core.internal.security.RoomSecrets;
import dev.duplex.core.protocol.ErrorCode;
import dev.duplex.core.relay.RelayServer;
import dev.duplex.core.session.DuplexClient;
import dev.duplex.core.session.Session;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rooms protected by a shared secret, checked in HELLO over TLS. */
class RoomSecretTest {
    private static final Identity RELAY_ID = Identity.generate();
    private static final TlsOptions CLIENT_TLS = TlsOptions.pinned(RELAY_ID.fingerprint());

    private RelayServer relay;

    @BeforeEach
    void start() {
        relay = RelayServer.builder().bindHost("127.0.0.1").port(0).tls(TlsOptions.server(RELAY_ID))
                .roomSecret("team", "correct horse battery staple").build().start();
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    private DuplexClient.Builder client(String nick, String room) {
        return DuplexClient.builder().port(relay.port()).nickname(nick).room(room).tls(CLIENT_TLS);
    }

    private static DuplexException refused(DuplexClient.Builder builder) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> builder.connect().join());
        assertThat(t).isInstanceOf(CompletionException.class).cause().isInstanceOf(DuplexException.class);
        return (DuplexException) t.getCause();
    }

    @Test
    void theRightSecretJoinsTheRoom() {
        Session s = client("alice", "team").roomSecret("correct horse battery staple").connect().join();
        assertThat(s.room()).isEqualTo("team");
        s.close();
    }

    @Test
    void aWrongOrMissingSecretIsDeniedWithASentence() {
        DuplexException wrong = refused(client("mallory", "team").roomSecret("Tr0ub4dor&3"));
        assertThat(wrong.code()).isEqualTo(ErrorCode.ACCESS_DENIED);
        assertThat(wrong.getMessage()).isEqualTo("Wrong secret for room 'team': check it with the room's owner.");

        DuplexException missing = refused(client("mallory", "team"));
        assertThat(missing.code()).isEqualTo(ErrorCode.ACCESS_DENIED);
        assertThat(missing.getMessage()).contains("Room 'team' needs a secret");
        assertThat(relay.stats().members()).isZero();
    }

    @Test
    void anotherSpellingOfAProtectedRoomIsTheSameProtectedRoom() {
        try (RelayServer cafe = RelayServer.builder().bindHost("127.0.0.1").port(0).tls(TlsOptions.server(RELAY_ID))
                .roomSecret("caf\u00e9", "s3cret").build().start()) {
            DuplexClient.Builder nfd = DuplexClient.builder().port(cafe.port()).nickname("mallory").room("cafe\u0301")
                    .tls(CLIENT_TLS);
            assertThat(refused(nfd).code()).isEqualTo(ErrorCode.ACCESS_DENIED);
            Session s = DuplexClient.builder().port(cafe.port()).nickname("alice").room("cafe\u0301").tls(CLIENT_TLS)
                    .roomSecret("s3cret").connect().join();
            assertThat(s.room()).isEqualTo("caf\u00e9");
            s.close();
        }
    }

    @Test
    void otherRoomsNeedNoSecret() {
        Session s = client("alice", "lobby").connect().join();
        assertThat(s.room()).isEqualTo("lobby");
        s.close();
    }

    @Test
    void secretsAreNeverSentOrAcceptedWithoutTls() {
        assertThatThrownBy(() -> DuplexClient.builder().port(relay.port()).nickname("a").room("team")
                .roomSecret("s").connect())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("only sent over TLS");
        assertThatThrownBy(() -> RelayServer.builder().roomSecret("team", "s").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("only accepted over TLS");
    }

    @Test
    void secretsDigestsCompareOnlyEqualSecrets() {
        RoomSecrets secrets = RoomSecrets.NONE.with("a", "one").with("b", "two");
        assertThat(secrets.admits("a", "one")).isTrue();
        assertThat(secrets.admits("a", "two")).isFalse();
        assertThat(secrets.admits("a", null)).isFalse();
        assertThat(secrets.admits("c", null)).as("unprotected room").isTrue();
        assertThat(secrets.toString()).doesNotContain("one", "two");
        assertThatThrownBy(() -> secrets.with("a", "")).hasMessageContaining("1 to 1024 bytes");
    }
}
