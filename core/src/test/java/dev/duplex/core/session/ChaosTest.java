package dev.duplex.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.core.internal.history.MessageStore;
import dev.duplex.core.relay.history.HistoryConfig;
import dev.duplex.core.relay.history.StoredMessage;
import dev.duplex.core.testing.RecordingListener;
import dev.duplex.core.testing.RelayMain;
import dev.duplex.core.transport.EventLoops;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chat that loses nothing: a relay process is killed with SIGKILL and restarted several times,
 * and client connections are cut, while three clients send. At the end every client has every
 * other client's acknowledged messages exactly once and in each sender's order, and the database
 * holds every acknowledged message. Counts scale with {@code -Dduplex.chaos.messages} and
 * {@code -Dduplex.chaos.kills} (the {@code soak} profile runs a larger one).
 */
class ChaosTest {
    private static final int MESSAGES = Integer.getInteger("duplex.chaos.messages", 300);
    private static final int KILLS = Integer.getInteger("duplex.chaos.kills", 4);
    private static final Duration LIMIT = Duration.ofSeconds(Integer.getInteger("duplex.chaos.seconds", 120));
    private static final List<String> NAMES = List.of("alice", "bob", "carol");
    /** Relay kills and connection cuts, alternating. */
    private static final int EVENTS = 2 * KILLS;

    @Test
    void relayKilledAndConnectionsCutLoseNothingAndDuplicateNothing(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("relay.db");
        int port = freePort();
        long deadline = System.nanoTime() + LIMIT.toNanos();
        RelayProcess relay = RelayProcess.start(port, db);
        ReconnectPolicy policy = new ReconnectPolicy(Duration.ofMillis(50), Duration.ofMillis(400), 0.2, 0);
        Map<String, RecordingListener> seen = new ConcurrentHashMap<>();
        List<ConnectionSession> clients = new ArrayList<>();
        try (EventLoops loops = EventLoops.create(2, "chaos-clients")) {
            for (String name : NAMES) {
                RecordingListener l = new RecordingListener();
                seen.put(name, l);
                clients.add((ConnectionSession) DuplexClient.builder().port(port).nickname(name).room("chaos")
                        .listener(l).reconnect(policy).eventLoops(loops).connect().get(10, TimeUnit.SECONDS));
            }
            Map<String, List<CompletableFuture<Delivery>>> acks = new ConcurrentHashMap<>();
            // Senders spread their messages over the chaos: message i waits for chaos event i * events / MESSAGES.
            java.util.concurrent.atomic.AtomicInteger phase = new java.util.concurrent.atomic.AtomicInteger();
            List<Thread> senders = new ArrayList<>();
            for (ConnectionSession client : clients) {
                Thread t = new Thread(() -> acks.put(client.nickname(), send(client, phase, deadline)),
                        "chaos-" + client.nickname());
                t.start();
                senders.add(t);
            }
            // The chaos: SIGKILL the relay and restart it, and cut client connections, in turns.
            Random random = new Random(42);
            int kills = 0;
            int cuts = 0;
            while (kills + cuts < EVENTS && System.nanoTime() < deadline) {
                Thread.sleep(200 + random.nextInt(300));
                if (kills < KILLS && cuts >= kills) {
                    relay.kill();
                    Thread.sleep(100 + random.nextInt(300));
                    relay = RelayProcess.start(port, db);
                    kills++;
                } else {
                    clients.get(random.nextInt(clients.size())).dropConnection();
                    cuts++;
                }
                phase.incrementAndGet();
            }
            phase.set(Integer.MAX_VALUE);
            for (Thread t : senders) {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
            for (int c = 0; c < clients.size(); c++) {
                assertThat(clients.get(c).state()).as("%s at the end (last reasons: %s)", NAMES.get(c),
                        seen.get(NAMES.get(c)).reasons).isNotEqualTo(SessionState.CLOSED);
            }
            assertThat(acks).as("every sender finished in time").hasSize(NAMES.size());
            // Every message is acknowledged in the end (the outbox resends across reconnects).
            for (String name : NAMES) {
                for (CompletableFuture<Delivery> f : acks.get(name)) {
                    f.get(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
                }
            }
            // Every client ends with every other client's messages, once each, in sender order.
            for (String receiver : NAMES) {
                RecordingListener l = seen.get(receiver);
                await().atMost(Duration.ofSeconds(30)).until(() -> l.texts.size() >= (NAMES.size() - 1) * MESSAGES);
                for (String sender : NAMES) {
                    List<String> fromSender = l.texts.stream().filter(t -> t.sender().equals(sender))
                            .map(TextMessage::body).toList();
                    List<String> expected = sender.equals(receiver) ? List.of() : expectedBodies(sender);
                    assertThat(fromSender).as("%s's view of %s's messages", receiver, sender).isEqualTo(expected);
                }
                assertThat(l.texts).extracting(TextMessage::roomSequence).as("room order").isSorted()
                        .doesNotHaveDuplicates();
            }
            System.out.printf("chaos: %d messages from each of %d clients, %d relay kills, %d connection cuts: "
                    + "all delivered once%n", MESSAGES, NAMES.size(), kills, cuts);
            assertThat(kills).isEqualTo(KILLS);
            assertThat(cuts).isEqualTo(KILLS);
        } finally {
            clients.forEach(ConnectionSession::close);
            relay.kill();
        }
        // Every acknowledged message is in the database, once.
        try (MessageStore store = MessageStore.open(db, HistoryConfig.DEFAULT)) {
            List<StoredMessage> stored = store.messages("chaos");
            Set<String> bodies = stored.stream().map(StoredMessage::body).collect(Collectors.toSet());
            assertThat(stored).hasSize(NAMES.size() * MESSAGES);
            for (String sender : NAMES) {
                assertThat(bodies).containsAll(expectedBodies(sender));
            }
            assertThat(new HashSet<>(stored.stream().map(StoredMessage::sequence).toList())).hasSize(stored.size());
        }
    }

    private static List<String> expectedBodies(String sender) {
        return IntStream.range(0, MESSAGES).mapToObj(i -> sender + "-" + i).toList();
    }

    /** Sends MESSAGES texts, retrying any the bounded outbox refuses; returns their futures. */
    private static List<CompletableFuture<Delivery>> send(Session client,
                                                          java.util.concurrent.atomic.AtomicInteger phase, long deadline) {
        List<CompletableFuture<Delivery>> futures = new ArrayList<>();
        for (int i = 0; i < MESSAGES && System.nanoTime() < deadline; i++) {
            while (phase.get() < (long) i * EVENTS / MESSAGES && System.nanoTime() < deadline) {
                sleep(5);
            }
            if (client.state() == SessionState.CLOSED) {
                throw new AssertionError(client.nickname() + "'s session closed during the chaos");
            }
            CompletableFuture<Delivery> f = client.sendText(client.nickname() + "-" + i);
            if (f.isCompletedExceptionally()) {
                i--; // outbox full: wait and offer the same message again
                sleep(20);
                continue;
            }
            futures.add(f);
            sleep(2);
        }
        return futures;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The relay in its own JVM, killed with SIGKILL. */
    private static final class RelayProcess {
        private final Process process;

        private RelayProcess(Process process) {
            this.process = process;
        }

        static RelayProcess start(int port, Path db) throws IOException, InterruptedException {
            Path log = Files.createTempFile("relay", ".log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    RelayMain.class.getName(), String.valueOf(port), db.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            RelayProcess relay = new RelayProcess(p);
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!Files.readString(log).contains("READY")) {
                if (!p.isAlive() || System.nanoTime() > until) {
                    p.destroyForcibly();
                    throw new IllegalStateException("relay did not start: " + Files.readString(log));
                }
                Thread.sleep(20);
            }
            return relay;
        }

        void kill() throws InterruptedException {
            process.destroyForcibly(); // SIGKILL on Linux
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
