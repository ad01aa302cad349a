package dev.duplex.core.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.core.internal.Digests;
import dev.duplex.core.internal.engine.PresenceClaim;
import dev.duplex.core.internal.protocol.Bye;
import dev.duplex.core.internal.protocol.Hello;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A member's identities, kept small (a number for the connection id, the sender key made on first
 * use) but written the same everywhere: the claim of a join and of a leave, the history's sender
 * key, and the connection id a cluster announces when it takes a member over.
 */
class MemberTest {
    private static final String TOKEN = "a-token-of-32-random-characters!";
    private final List<EmbeddedChannel> channels = new ArrayList<>();

    @AfterEach
    void close() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    private Member member(String nickname, String token) {
        EmbeddedChannel ch = new EmbeddedChannel();
        channels.add(ch);
        return new Member(nickname, ch, token, Hello.CAP_TEXT);
    }

    @Test
    void theClaimOfTheLeaveIsTheClaimOfTheJoin() {
        for (String token : Arrays.asList(TOKEN, null)) {
            Member alice = member("Alice", token);
            PresenceClaim join = alice.claim("r", true);
            PresenceClaim leave = alice.claim("r", false);
            assertThat(leave).usingRecursiveComparison().ignoringFields("freeHere").isEqualTo(join);
            assertThat(join.nicknameKey()).isEqualTo("alice");
            assertThat(join.nickname()).isEqualTo("Alice");
            assertThat(join.connectionId()).isEqualTo(alice.connectionId());
            assertThat(join.connectionIdText()).isEqualTo(leave.connectionIdText());
            assertThat(join.sessionKey()).as("the cluster's session is the history's sender").isEqualTo(alice.senderKey());
        }
    }

    @Test
    void theConnectionIdIsWrittenAsSixteenHexDigitsAndIsEachConnectionsOwn() {
        Member first = member("alice", TOKEN);
        Member second = member("alice", TOKEN);
        String text = PresenceClaim.connectionIdText(first.connectionId());
        assertThat(text).matches("[0-9a-f]{16}").isEqualTo(HexFormat.of().toHexDigits(first.connectionId()));
        assertThat(PresenceClaim.connectionIdText(first.connectionId())).as("the same every time").isEqualTo(text);
        assertThat(second.connectionId()).as("random per connection").isNotEqualTo(first.connectionId());
    }

    @Test
    void theSenderKeyIsTheTokensDigestOrTheConnectionsId() {
        Member withToken = member("alice", TOKEN);
        Member sameSession = member("alice", TOKEN);
        String digest = HexFormat.of().formatHex(Digests.sha256(TOKEN.getBytes(StandardCharsets.UTF_8)), 0, 16);
        assertThat(withToken.senderKey()).isEqualTo("session:" + digest).isEqualTo(sameSession.senderKey());
        assertThat(withToken.senderKey()).as("made once, then kept").isSameAs(withToken.senderKey());

        Member without = member("bob", null);
        assertThat(without.senderKey()).isEqualTo("connection:" + PresenceClaim.connectionIdText(without.connectionId()))
                .isNotEqualTo(member("bob", null).senderKey());
    }

    @Test
    void aTakeoverAnnouncedWithTheConnectionIdsTextClosesThatConnectionOnly() {
        Rooms rooms = new Rooms(8, 8, Duration.ZERO);
        LocalDelivery delivery = new LocalDelivery(rooms, new RelayCounters(), UnpooledByteBufAllocator.DEFAULT);
        Member dora = member("Dora", TOKEN);
        assertThat(rooms.join("t", dora, false).result()).isEqualTo(Room.JoinResult.JOINED);
        EmbeddedChannel ch = (EmbeddedChannel) dora.channel();

        String another = PresenceClaim.connectionIdText(dora.connectionId() + 1);
        delivery.evicted("t", "dora", another, true);
        ch.runPendingTasks();
        assertThat(ch.isOpen()).as("another connection's claim").isTrue();
        assertThat(dora.evicted()).isFalse();

        delivery.evicted("t", "dora", dora.claim("t", false).connectionIdText(), true);
        ch.runPendingTasks();
        assertThat(dora.evicted()).isTrue();
        assertThat(ch.isOpen()).isFalse();
        Object last = ch.readOutbound();
        try {
            assertThat(last).isInstanceOf(Bye.class);
        } finally {
            ReferenceCountUtil.release(last);
        }
    }
}
