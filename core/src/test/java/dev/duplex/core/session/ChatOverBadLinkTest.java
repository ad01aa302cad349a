package dev.duplex.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.core.relay.RelayServer;
import dev.duplex.testkit.link.LinkEmulator;
import dev.duplex.testkit.link.LinkProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Chat through a relay over emulated links (2 Mbit/s, 50 ms each way): a 3 s stall of the sender's
 * link and a reset of its connection lose nothing and show nothing twice.
 */
@Timeout(60)
class ChatOverBadLinkTest {
    private static final LinkProfile LINK = LinkProfile.of(2000, 50);
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final List<AutoCloseable> open = new ArrayList<>();
    private final List<String> benSaw = new CopyOnWriteArrayList<>();
    private LinkEmulator annLink;
    private Session ann;

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private void start(ReconnectPolicy reconnect) throws Exception {
        RelayServer relay = RelayServer.builder().bindHost("127.0.0.1").port(0).build().start();
        open.add(relay);
        annLink = LinkEmulator.builder().target(relay.port()).both(LINK).start();
        open.add(annLink);
        LinkEmulator benLink = LinkEmulator.builder().target(relay.port()).both(LINK).start();
        open.add(benLink);
        Session ben = DuplexClient.builder().port(benLink.port()).nickname("ben").room("r")
                .listener(new SessionListener() {
                    @Override
                    public void onText(Session session, TextMessage message) {
                        benSaw.add(message.body());
                    }
                }).connect().get(10, TimeUnit.SECONDS);
        open.add(ben);
        ann = DuplexClient.builder().port(annLink.port()).nickname("ann").room("r").reconnect(reconnect)
                .listener(new SessionListener() { }).connect().get(10, TimeUnit.SECONDS);
        open.add(ann);
    }

    @Test
    void aThreeSecondStallLosesNothingAndEndsNoConnection() throws Exception {
        start(ReconnectPolicy.NEVER);
        List<CompletableFuture<Delivery>> acks = sendEvery50Millis(80, 20, () -> annLink.stall(Duration.ofSeconds(3)));
        for (CompletableFuture<Delivery> ack : acks) {
            ack.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        await().atMost(WAIT).until(() -> benSaw.size() >= 80);
        assertThat(benSaw).as("each once, in order").containsExactlyElementsOf(expected(80));
        assertThat(annLink.accepted()).as("the stall ended no connection").isEqualTo(1);
    }

    @Test
    void aResetConnectionComesBackAndLosesNothing() throws Exception {
        start(ReconnectPolicy.exponentialBackoff());
        List<CompletableFuture<Delivery>> acks = sendEvery50Millis(60, 30, () -> annLink.resetConnections());
        for (CompletableFuture<Delivery> ack : acks) {
            ack.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        await().atMost(WAIT).until(() -> benSaw.size() >= 60);
        assertThat(benSaw).as("each once, in order").containsExactlyElementsOf(expected(60));
        assertThat(annLink.accepted()).as("reconnected through the link").isGreaterThanOrEqualTo(2);
    }

    /** Sends "m0".."m(count-1)" 50 ms apart, running {@code event} just before message {@code at}. */
    private List<CompletableFuture<Delivery>> sendEvery50Millis(int count, int at, Runnable event)
            throws InterruptedException {
        List<CompletableFuture<Delivery>> acks = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = t0 + TimeUnit.MILLISECONDS.toNanos(50L * i);
            TimeUnit.NANOSECONDS.sleep(Math.max(0, due - System.nanoTime()));
            if (i == at) {
                event.run();
            }
            acks.add(ann.sendText("m" + i));
        }
        return acks;
    }

    private static List<String> expected(int count) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add("m" + i);
        }
        return out;
    }
}
