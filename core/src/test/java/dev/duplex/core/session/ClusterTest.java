package dev.duplex.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.duplex.core.DuplexException;
import dev.duplex.core.internal.protocol.Bye;
import dev.duplex.core.internal.protocol.ErrorFrame;
import dev.duplex.core.internal.protocol.Frame;
import dev.duplex.core.internal.protocol.Hello;
import dev.duplex.core.internal.protocol.Welcome;
import dev.duplex.core.internal.protocol.Wire;
import dev.duplex.core.protocol.ErrorCode;
import dev.duplex.core.testing.RawDuplexSocket;
import dev.duplex.core.testing.RecordingListener;
import dev.duplex.core.testing.RelayProcess;
import dev.duplex.testkit.RedisProcess;
import dev.duplex.testkit.link.LinkEmulator;
import dev.duplex.testkit.link.LinkProfile;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two relay processes on one Redis serve one room as if they were one: chat and video between
 * members on different nodes, one participant list, one set of nicknames, a client that moves to the
 * other node misses nothing, a session that connects to the other node takes its old connection
 * over, a member who leaves is gone on every node (its nickname free again), and a dead node's
 * members leave within the bound (RelayMain's nodes: heartbeat 0.5 s, timeout 2 s), and a node cut
 * off from Redis for a while lists its members again once it is back (whether or not the others gave
 * it up meanwhile).
 */
class ClusterTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    /** What a dead node's members take to leave: the node timeout, one heartbeat of the others, and slack for a loaded machine. */
    private static final Duration LEAVE_BOUND = Duration.ofMillis(2000 + 500 + 2500);

    @Test
    void membersOnTwoNodesTalkSeeEachOtherAndShareNicknames(@TempDir Path dir) throws Exception {
        try (RedisProcess redis = RedisProcess.start(dir);
             RelayProcess a = RelayProcess.clusterNode(redis.uri(), "a");
             RelayProcess b = RelayProcess.clusterNode(redis.uri(), "b")) {
            RecordingListener aliceSees = new RecordingListener();
            RecordingListener bobSees = new RecordingListener();
            Session alice = DuplexClient.builder().port(a.port()).nickname("alice").room("x").listener(aliceSees)
                    .connect().get(10, TimeUnit.SECONDS);
            Session bob = DuplexClient.builder().port(b.port()).nickname("bob").room("x").listener(bobSees)
                    .connect().get(10, TimeUnit.SECONDS);
            // Presence spans the nodes: bob's snapshot has alice; alice hears bob join on the other node.
            assertThat(bob.participants()).containsExactlyInAnyOrder("alice", "bob");
            await().atMost(WAIT).until(() -> alice.participants().contains("bob"));
            // A nickname is one over every node (compared as rooms compare them).
            assertThatThrownBy(() -> DuplexClient.builder().port(b.port()).nickname("ALICE").room("x").connect()
                    .get(10, TimeUnit.SECONDS)).cause().isInstanceOf(DuplexException.class)
                    .satisfies(e -> assertThat(((DuplexException) e).status().errorCode()).contains(
                            ErrorCode.NICKNAME_TAKEN));
            // Chat both ways, numbered in one room order.
            Delivery sent = alice.sendText("hello from a").get(10, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> bobSees.bodies().contains("hello from a"));
            bob.sendText("hello from b").get(10, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> aliceSees.bodies().contains("hello from b"));
            assertThat(bobSees.texts.get(0).roomSequence()).isEqualTo(sent.roomSequence());
            assertThat(aliceSees.texts.get(0).roomSequence()).isEqualTo(sent.roomSequence() + 1);
            // Video crosses too, named by its sender.
            byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, (byte) 0xFF, (byte) 0xD9};
            for (int i = 0; i < 20 && bobSees.videos.isEmpty(); i++) {
                alice.sendVideo(64, 48, System.nanoTime() / 1000, jpeg);
                Thread.sleep(50);
            }
            await().atMost(WAIT).until(() -> !bobSees.videos.isEmpty());
            assertThat(bobSees.videos.get(0).sender()).isEqualTo("alice");
            assertThat(bobSees.videos.get(0).jpeg()).isEqualTo(jpeg);
            // A node killed: its members leave the others' lists within the bound.
            long killed = System.nanoTime();
            b.kill();
            await().atMost(LEAVE_BOUND).until(() -> !alice.participants().contains("bob"));
            System.out.printf("cluster: bob left alice's list %d ms after his node was killed%n",
                    (System.nanoTime() - killed) / 1_000_000);
            alice.close();
            bob.close();
        }
    }

    @Test
    void aClientMovingToTheOtherNodeMissesNothingAndSeesNothingTwice(@TempDir Path dir) throws Exception {
        try (RedisProcess redis = RedisProcess.start(dir);
             RelayProcess a = RelayProcess.clusterNode(redis.uri(), "a");
             RelayProcess b = RelayProcess.clusterNode(redis.uri(), "b")) {
            RecordingListener carolSees = new RecordingListener();
            ReconnectPolicy fast = new ReconnectPolicy(Duration.ofMillis(50), Duration.ofMillis(200), 0.2, 0);
            ConnectionSession carol = (ConnectionSession) DuplexClient.builder()
                    .addresses(a.address() + "," + b.address()).nickname("carol").room("m").listener(carolSees)
                    .reconnect(fast).connect().get(10, TimeUnit.SECONDS);
            Session alice = DuplexClient.builder().port(b.port()).nickname("alice").room("m")
                    .connect().get(10, TimeUnit.SECONDS);
            for (int i = 0; i < 20; i++) {
                alice.sendText("m" + i);
                if (i == 8) {
                    carol.dropConnection(); // she comes back on the next address, b
                }
            }
            for (int i = 20; i < 30; i++) {
                alice.sendText("m" + i).get(10, TimeUnit.SECONDS);
            }
            List<String> expected = IntStream.range(0, 30).mapToObj(i -> "m" + i).toList();
            await().atMost(WAIT).until(() -> carolSees.bodies().size() >= expected.size());
            assertThat(carolSees.bodies()).isEqualTo(expected);
            assertThat(carolSees.texts).extracting(TextMessage::roomSequence).isSorted().doesNotHaveDuplicates();
            assertThat(((InetSocketAddress) carol.remoteAddress()).getPort()).as("carol moved to node b")
                    .isEqualTo(b.port());
            carol.close();
            alice.close();
        }
    }

    @Test
    void aSessionConnectingToTheOtherNodeTakesItsOldConnectionOver(@TempDir Path dir) throws Exception {
        try (RedisProcess redis = RedisProcess.start(dir);
             RelayProcess a = RelayProcess.clusterNode(redis.uri(), "a");
             RelayProcess b = RelayProcess.clusterNode(redis.uri(), "b");
             RawDuplexSocket first = RawDuplexSocket.connect(a.port(), 0);
             RawDuplexSocket second = RawDuplexSocket.connect(b.port(), 0)) {
            Map<String, String> session = Map.of(Hello.ATTR_SESSION, "a-token-of-32-random-characters!");
            first.send(new Hello(Wire.PROTOCOL_VERSION, Hello.CAP_TEXT, "dora", "t", session));
            first.readUntil(Welcome.class);
            RecordingListener watcherSees = new RecordingListener();
            Session watcher = DuplexClient.builder().port(b.port()).nickname("watcher").room("t").listener(watcherSees)
                    .connect().get(10, TimeUnit.SECONDS);
            assertThat(watcher.participants()).contains("dora");
            second.send(new Hello(Wire.PROTOCOL_VERSION, Hello.CAP_TEXT, "dora", "t", session));
            second.readUntil(Welcome.class);
            Bye bye = first.readUntil(Bye.class);
            assertThat(bye.reason()).contains("connected again");
            assertThat(first.closedByPeer()).isTrue();
            // The room saw neither a LEFT nor a JOINED: dora never left. (News on a room's channel keeps
            // its order: once eve's JOINED from node a is here, a LEFT for dora from there would be too.)
            Session eve = DuplexClient.builder().port(a.port()).nickname("eve").room("t").connect()
                    .get(10, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> watcher.participants().contains("eve"));
            assertThat(watcherSees.presence).noneMatch(p -> p.nicknames().contains("dora")
                    && p.kind() != PresenceEvent.Kind.SNAPSHOT);
            assertThat(watcher.participants()).contains("dora");
            eve.close();
            watcher.close();
        }
    }

    @Test
    void aMemberWhoLeavesIsGoneOnEveryNodeAndItsNicknameIsFreeAgain(@TempDir Path dir) throws Exception {
        // The leave gives back the claim under the same connection id the join wrote (the release
        // script removes only that one): a member with a session token and one without.
        try (RedisProcess redis = RedisProcess.start(dir);
             RelayProcess a = RelayProcess.clusterNode(redis.uri(), "a");
             RelayProcess b = RelayProcess.clusterNode(redis.uri(), "b")) {
            Session watcher = DuplexClient.builder().port(b.port()).nickname("watcher").room("l")
                    .connect().get(10, TimeUnit.SECONDS);
            Session gina = DuplexClient.builder().port(a.port()).nickname("gina").room("l")
                    .connect().get(10, TimeUnit.SECONDS);
            try (RawDuplexSocket hal = RawDuplexSocket.connect(a.port(), 0)) {
                hal.send(new Hello(Wire.PROTOCOL_VERSION, Hello.CAP_TEXT, "hal", "l", Map.of()));
                hal.readUntil(Welcome.class);
                await().atMost(WAIT).until(() -> watcher.participants().containsAll(List.of("gina", "hal")));
            }
            gina.close();
            await().atMost(WAIT).until(() -> !watcher.participants().contains("gina")
                    && !watcher.participants().contains("hal"));
            for (String nickname : List.of("gina", "hal")) {
                Session again = DuplexClient.builder().port(b.port()).nickname(nickname).room("l")
                        .connect().get(10, TimeUnit.SECONDS);
                assertThat(again.participants()).as("a new %s on the other node", nickname).contains(nickname);
                again.close();
            }
            watcher.close();
        }
    }

    /**
     * Node b reaches Redis through a link that is cut twice: for less than the node timeout (its
     * members stay listed; claiming them again must not take a member's nickname from itself, with a
     * session token or without) and for longer (node a removes b's members; b must claim them again
     * when it is back, so they are listed on every node).
     */
    @Test
    void aNodeCutOffFromRedisListsItsMembersAgainOnceBack(@TempDir Path dir) throws Exception {
        try (RedisProcess redis = RedisProcess.start(dir);
             LinkEmulator toRedis = LinkEmulator.builder().target(redis.port()).start();
             RelayProcess a = RelayProcess.clusterNode(redis.uri(), "a");
             RelayProcess b = RelayProcess.clusterNode("redis://127.0.0.1:" + toRedis.port(), "b");
             RawDuplexSocket hal = RawDuplexSocket.connect(b.port(), 0)) {
            RecordingListener bobSees = new RecordingListener();
            Session alice = DuplexClient.builder().port(a.port()).nickname("alice").room("p")
                    .connect().get(10, TimeUnit.SECONDS);
            Session bob = DuplexClient.builder().port(b.port()).nickname("bob").room("p").listener(bobSees)
                    .connect().get(10, TimeUnit.SECONDS);
            hal.send(new Hello(Wire.PROTOCOL_VERSION, Hello.CAP_TEXT, "hal", "p", Map.of()));
            hal.readUntil(Welcome.class);
            await().atMost(WAIT).until(() -> alice.participants().containsAll(List.of("bob", "hal")));

            // Shorter than the node timeout: nobody is given up, and nobody loses its nickname.
            toRedis.cut(Duration.ofMillis(800));
            assertThat(frameCodesUntilRestored(hal)).as("hal, without a session token, is told and kept")
                    .contains(ErrorCode.CLUSTER_DEGRADED).doesNotContain(ErrorCode.NICKNAME_TAKEN);
            await().atMost(WAIT).until(() -> bobSees.errors.stream()
                    .anyMatch(e -> e.code() == ErrorCode.CLUSTER_RESTORED));
            assertThat(bob.state()).isEqualTo(SessionState.CONNECTED);
            assertThat(alice.participants()).contains("bob", "hal");

            // Longer than the node timeout: a gives b's members up; b lists them again once back.
            toRedis.cut(Duration.ofMillis(3500));
            await().atMost(LEAVE_BOUND).until(() -> !alice.participants().contains("bob"));
            assertThat(frameCodesUntilRestored(hal)).doesNotContain(ErrorCode.NICKNAME_TAKEN);
            await().atMost(WAIT).until(() -> alice.participants().containsAll(List.of("bob", "hal")));
            Session carol = DuplexClient.builder().port(a.port()).nickname("carol").room("p")
                    .connect().get(10, TimeUnit.SECONDS);
            assertThat(carol.participants()).as("a newcomer's list").containsExactlyInAnyOrder("alice", "bob",
                    "carol", "hal");
            // And the nicknames are theirs again on every node.
            assertThatThrownBy(() -> DuplexClient.builder().port(a.port()).nickname("bob").room("p").connect()
                    .get(10, TimeUnit.SECONDS)).cause().isInstanceOf(DuplexException.class);
            carol.close();
            alice.close();
            bob.close();
        }
    }

    /**
     * A newcomer is given the room's recent messages, the newest 50: counted back from where the
     * room was when it joined, not from where it is when its replay is read. Node b reaches Redis
     * over a slow link (150 ms each way), so that between bob's claim and his replay's read 80
     * messages from alice are stored: he must get every one of them.
     */
    @Test
    void aNewcomerGetsEverythingSaidAfterItJoinedHoweverLateItsReplayIsRead(@TempDir Path dir) throws Exception {
        LinkProfile slow = LinkProfile.builder().delay(Duration.ofMillis(150)).build();
        try (RedisProcess redis = RedisProcess.start(dir);
             LinkEmulator toRedis = LinkEmulator.builder().target(redis.port()).both(slow).start();
             RelayProcess a = RelayProcess.clusterNode(redis.uri(), "a");
             RelayProcess b = RelayProcess.clusterNode("redis://127.0.0.1:" + toRedis.port(), "b")) {
            Session alice = DuplexClient.builder().port(a.port()).nickname("alice").room("n")
                    .connect().get(10, TimeUnit.SECONDS);
            RecordingListener bobSees = new RecordingListener();
            Session bob = DuplexClient.builder().port(b.port()).nickname("bob").room("n").listener(bobSees)
                    .connect().get(10, TimeUnit.SECONDS);
            List<String> said = IntStream.range(0, 80).mapToObj(i -> "n" + i).toList();
            List<java.util.concurrent.CompletableFuture<Delivery>> sent = said.stream().map(alice::sendText).toList();
            for (var f : sent) {
                f.get(10, TimeUnit.SECONDS);
            }
            try {
                await().atMost(WAIT).until(() -> bobSees.bodies().size() >= said.size());
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                // The assertion says what is missing.
            }
            assertThat(bobSees.bodies()).isEqualTo(said);
            assertThat(bobSees.errors).as("nothing was missed").isEmpty();
            alice.close();
            bob.close();
        }
    }

    /** The codes of the ERROR frames a raw member gets until the room is restored (EOF fails the test). */
    private static List<ErrorCode> frameCodesUntilRestored(RawDuplexSocket member) throws Exception {
        member.socket().setSoTimeout((int) WAIT.toMillis());
        List<ErrorCode> codes = new java.util.ArrayList<>();
        while (!codes.contains(ErrorCode.CLUSTER_RESTORED)) {
            Frame f = member.read();
            if (f instanceof ErrorFrame e) {
                codes.add(e.code());
            }
            if (f instanceof io.netty.util.ReferenceCounted rc) {
                rc.release();
            }
            assertThat(codes).as("a member of the cut-off node").doesNotContain(ErrorCode.NICKNAME_TAKEN);
        }
        return codes;
    }
}
