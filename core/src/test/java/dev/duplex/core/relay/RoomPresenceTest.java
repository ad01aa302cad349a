package dev.duplex.core.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.core.internal.protocol.EncodedFrame;
import dev.duplex.core.internal.protocol.Frame;
import dev.duplex.core.internal.protocol.FrameCodec;
import dev.duplex.core.internal.protocol.Hello;
import dev.duplex.core.internal.protocol.Presence;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How a room announces joins and leaves: joins queued before the announcing task runs go out
 * together (one JOINED per member, each newcomer told only of those after it), and a member that
 * leaves before its join was announced is named only to those whose SNAPSHOT had it. The joining
 * loop is a queue the test runs; the members are {@link EmbeddedChannel}s.
 */
class RoomPresenceTest {
    private final Queue<Runnable> joiningLoop = new ArrayDeque<>();
    private final List<EmbeddedChannel> channels = new ArrayList<>();
    private final Room room = new Room("r", 8, 0);

    @AfterEach
    void close() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    private Member join(String nickname) {
        EmbeddedChannel ch = new EmbeddedChannel();
        channels.add(ch);
        Member member = new Member(nickname, ch, null, Hello.CAP_TEXT);
        assertThat(room.join(member).result()).isEqualTo(Room.JoinResult.JOINED);
        room.announceJoins(joiningLoop::add, (task, delay) -> { throw new AssertionError("no interval"); });
        return member;
    }

    private void runJoiningLoop() {
        for (Runnable task = joiningLoop.poll(); task != null; task = joiningLoop.poll()) {
            task.run();
        }
    }

    /** The PRESENCE frames written to {@code member} so far (its loop's tasks run first). */
    private static List<Frame> presence(Member member) {
        EmbeddedChannel ch = (EmbeddedChannel) member.channel();
        ch.runPendingTasks();
        List<Frame> frames = new ArrayList<>();
        for (Object out = ch.readOutbound(); out != null; out = ch.readOutbound()) {
            try {
                frames.add(out instanceof EncodedFrame encoded ? FrameCodec.decode(encoded.content()) : (Frame) out);
            } finally {
                ReferenceCountUtil.release(out);
            }
        }
        return frames;
    }

    private static Presence joined(String... names) {
        return new Presence(Presence.Kind.JOINED, "r", List.of(names));
    }

    private static Presence left(String name) {
        return new Presence(Presence.Kind.LEFT, "r", List.of(name));
    }

    @Test
    void joinsQueuedTogetherAreAnnouncedInOneFramePerMember() {
        Member alice = join("alice");
        runJoiningLoop();
        assertThat(presence(alice)).as("nobody to tell").isEmpty();

        Member bob = join("bob");
        Member carol = join("carol");
        Member dave = join("dave");
        assertThat(joiningLoop).as("one task for the three").hasSize(1);
        runJoiningLoop();

        assertThat(presence(alice)).containsExactly(joined("bob", "carol", "dave"));
        assertThat(presence(bob)).as("its SNAPSHOT had those before it").containsExactly(joined("carol", "dave"));
        assertThat(presence(carol)).containsExactly(joined("dave"));
        assertThat(presence(dave)).isEmpty();

        assertThat(room.leave(bob)).isTrue();
        room.announceLeft(bob, UnpooledByteBufAllocator.DEFAULT);
        assertThat(presence(alice)).containsExactly(left("bob"));
        assertThat(presence(carol)).containsExactly(left("bob"));
        assertThat(presence(dave)).containsExactly(left("bob"));
    }

    @Test
    void aMemberThatLeavesBeforeItsJoinIsAnnouncedIsNamedOnlyToThoseWhoSawIt() {
        Member alice = join("alice");
        runJoiningLoop();
        Member bob = join("bob");
        Member carol = join("carol");

        assertThat(room.leave(bob)).isTrue();
        room.announceLeft(bob, UnpooledByteBufAllocator.DEFAULT);
        runJoiningLoop();

        assertThat(presence(alice)).as("never told of bob").containsExactly(joined("carol"));
        assertThat(presence(carol)).as("its SNAPSHOT named bob").containsExactly(left("bob"));
    }

    @Test
    void aMemberThatLeftWithoutALeftBeforeItsJoinWasAnnouncedIsNotAnnounced() {
        Member alice = join("alice");
        runJoiningLoop();
        Member bob = join("bob");
        Member carol = join("carol");
        assertThat(room.leave(bob)).isTrue(); // and no announceLeft: its session lives on elsewhere

        runJoiningLoop();

        assertThat(presence(alice)).containsExactly(joined("carol"));
        assertThat(presence(carol)).as("bob's nickname is still in the room, elsewhere").isEmpty();
    }

    @Test
    void aSessionThatComesBackBeforeItsJoinIsAnnouncedIsAnnouncedOnce() {
        Member alice = join("alice");
        runJoiningLoop();
        EmbeddedChannel again = new EmbeddedChannel();
        channels.add(again);
        String token = "0123456789abcdef-token";
        Member bob = new Member("bob", channels.get(0), token, Hello.CAP_TEXT);
        assertThat(room.join(bob).result()).isEqualTo(Room.JoinResult.JOINED);
        room.announceJoins(joiningLoop::add, (task, delay) -> { throw new AssertionError("no interval"); });
        Member bobAgain = new Member("bob", again, token, Hello.CAP_TEXT);
        assertThat(room.join(bobAgain).replaced()).isSameAs(bob);
        room.announceJoins(joiningLoop::add, (task, delay) -> { throw new AssertionError("no interval"); });
        runJoiningLoop();

        assertThat(presence(alice)).containsExactly(joined("bob"));
        assertThat(room.leave(bob)).as("the replaced connection is not the member any more").isFalse();
        assertThat(presence(bobAgain)).isEmpty();
    }

    /**
     * A session taken over from another relay joins while an earlier join's announcement still waits
     * for its loop (the ClusterTest race): the announcement names only the earlier newcomer.
     */
    @Test
    void aSessionTakenOverFromAnotherRelayIsNotNamedByAnAnnouncementStillWaiting() {
        Member alice = join("alice");
        runJoiningLoop();
        Member watcher = join("watcher"); // its announcement is queued, not run yet
        EmbeddedChannel ch = new EmbeddedChannel();
        channels.add(ch);
        Member dora = new Member("dora", ch, null, Hello.CAP_TEXT);
        assertThat(room.join(dora, false).result()).isEqualTo(Room.JoinResult.JOINED);
        room.announceJoins(joiningLoop::add, (task, delay) -> { throw new AssertionError("no interval"); });
        runJoiningLoop();
        assertThat(presence(alice)).containsExactly(joined("watcher"));
        assertThat(presence(watcher)).as("dora was in its SNAPSHOT already; nothing names her").isEmpty();
        // dora, already in the room when the announcement ran, hears of watcher again (her SNAPSHOT from the
        // cluster had it): a receiver applies JOINED as "add to the set".
        assertThat(presence(dora)).containsExactly(joined("watcher"));
    }

    /** A room with a presence interval of 20 ms on a clock the test moves, and its delayed tasks. */
    private final long[] now = {1_000_000_000L};
    private final List<Long> delays = new ArrayList<>();
    private final Queue<Runnable> later = new ArrayDeque<>();
    private final Room paced = new Room("r", 8, 20_000_000L, () -> now[0]);

    private Member joinPaced(String nickname) {
        EmbeddedChannel ch = new EmbeddedChannel();
        channels.add(ch);
        Member member = new Member(nickname, ch, null, Hello.CAP_TEXT);
        assertThat(paced.join(member).result()).isEqualTo(Room.JoinResult.JOINED);
        paced.announceJoins(joiningLoop::add, (task, delay) -> {
            delays.add(delay);
            later.add(task);
        });
        return member;
    }

    @Test
    void aJoinAfterAQuietMomentIsAnnouncedAtOnceAndTheNextOnesAtTheEndOfTheInterval() {
        Member alice = joinPaced("alice");
        runJoiningLoop();
        now[0] += 30_000_000L;
        Member bob = joinPaced("bob");
        assertThat(later).as("the room was quiet for 30 ms: at once").isEmpty();
        runJoiningLoop();
        assertThat(presence(alice)).containsExactly(joined("bob"));

        now[0] += 5_000_000L; // 5 ms after bob's announcement
        Member carol = joinPaced("carol");
        now[0] += 1_000_000L;
        Member dave = joinPaced("dave");
        assertThat(joiningLoop).as("nothing to run now").isEmpty();
        assertThat(delays).as("one task, at the end of the interval").containsExactly(15_000_000L);
        assertThat(presence(alice)).isEmpty();

        now[0] += 15_000_000L;
        later.poll().run();
        assertThat(presence(alice)).containsExactly(joined("carol", "dave"));
        assertThat(presence(bob)).containsExactly(joined("carol", "dave"));
        assertThat(presence(carol)).containsExactly(joined("dave"));
        assertThat(presence(dave)).isEmpty();
    }

    @Test
    void aMemberWhoseJoinWaitsForTheIntervalIsAnnouncedBeforeItsFirstMessage() {
        Member alice = joinPaced("alice");
        runJoiningLoop();
        now[0] += 30_000_000L;
        joinPaced("bob");
        runJoiningLoop();
        presence(alice);
        Member carol = joinPaced("carol");
        assertThat(later).hasSize(1);
        assertThat(paced.announcePending()).as("carol's join was waiting").isTrue();
        assertThat(presence(alice)).containsExactly(joined("carol"));
        assertThat(paced.announcePending()).as("nothing waits now").isFalse();

        later.poll().run(); // the interval's task finds nothing left to announce
        assertThat(presence(alice)).isEmpty();
        Member dave = joinPaced("dave");
        assertThat(later).as("a new task: the old one has run").hasSize(1);
        later.poll().run();
        assertThat(presence(alice)).containsExactly(joined("dave"));
        assertThat(presence(carol)).containsExactly(joined("dave"));
        assertThat(presence(dave)).isEmpty();
    }
}
