package dev.duplex.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.core.internal.history.MessageStore;
import dev.duplex.core.protocol.ErrorCode;
import dev.duplex.core.relay.RelayServer;
import dev.duplex.core.relay.cluster.ClusterConfig;
import dev.duplex.core.relay.history.HistoryConfig;
import dev.duplex.core.relay.history.StoredMessage;
import dev.duplex.core.testing.RecordingListener;
import dev.duplex.core.testing.RelayProcess;
import dev.duplex.core.transport.EventLoops;
import dev.duplex.testkit.RedisProcess;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chat that loses nothing: relay processes (a single node, or the nodes of a cluster) or the
 * cluster's Redis are killed with SIGKILL and restarted several times, and client connections are
 * cut, while three clients send. At the end every client has every other client's acknowledged
 * messages exactly once and in each sender's order, and the history holds every acknowledged
 * message (the relays replay a returning client everything it missed, not only the newest 500:
 * {@link dev.duplex.core.testing.RelayMain}). Counts scale with {@code -Dduplex.chaos.messages} and {@code -Dduplex.chaos.kills} (the
 * {@code soak} profile runs a larger one).
 */
class ChaosTest {
    private static final int MESSAGES = Integer.getInteger("duplex.chaos.messages", 300);
    private static final int KILLS = Integer.getInteger("duplex.chaos.kills", 4);
    private static final Duration LIMIT = Duration.ofSeconds(Integer.getInteger("duplex.chaos.seconds", 120));
    private static final List<String> NAMES = List.of("alice", "bob", "carol");
    private static final ReconnectPolicy POLICY = new ReconnectPolicy(Duration.ofMillis(50), Duration.ofMillis(400),
            0.2, 0);

    /** One event of the chaos (a kill, a restart, a cut), numbered from 0. */
    private interface Event {
        void run(int index, Random random) throws Exception;
    }

    @Test
    void relayKilledAndConnectionsCutLoseNothingAndDuplicateNothing(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("relay.db");
        RelayProcess relay = RelayProcess.single(RelayProcess.freePort(), db);
        List<ConnectionSession> clients = new ArrayList<>();
        int[] counts = new int[2];
        try (EventLoops loops = EventLoops.create(2, "chaos-clients")) {
            Map<String, RecordingListener> seen = connect(clients, loops, n -> List.of(relay.address()));
            // Relay kills and connection cuts, alternating.
            runChaos(clients, seen, 2 * KILLS, (i, random) -> {
                if (i % 2 == 0) {
                    relay.kill();
                    Thread.sleep(100 + random.nextInt(300));
                    relay.startAgain();
                    counts[0]++;
                } else {
                    clients.get(random.nextInt(clients.size())).dropConnection();
                    counts[1]++;
                }
            });
            assertEveryoneHasEverythingOnce(seen, true, relayLines(List.of(relay)));
            System.out.printf("chaos: %d messages from each of %d clients, %d relay kills, %d connection cuts: "
                    + "all delivered once%n", MESSAGES, NAMES.size(), counts[0], counts[1]);
            assertThat(counts[0]).isEqualTo(KILLS);
            assertThat(counts[1]).isEqualTo(KILLS);
        } finally {
            clients.forEach(ConnectionSession::close);
            relay.kill();
        }
        // Every acknowledged message is in the database, once.
        try (MessageStore store = MessageStore.open(db, HistoryConfig.DEFAULT)) {
            assertHistoryHoldsEverythingOnce(store.messages("chaos"));
        }
    }

    /**
     * Two relay processes on one Redis; each client knows both addresses. A node is killed with
     * SIGKILL (its clients move to the other) and started again, the two in turn.
     */
    @Test
    void clusterNodeKilledWhileThreeClientsSendLosesNothingAndDuplicatesNothing(@TempDir Path dir) throws Exception {
        List<ConnectionSession> clients = new ArrayList<>();
        try (RedisProcess redis = RedisProcess.start(dir);
             RelayProcess a = RelayProcess.clusterNode(redis.uri(), "a");
             RelayProcess b = RelayProcess.clusterNode(redis.uri(), "b");
             EventLoops loops = EventLoops.create(2, "chaos-clients")) {
            List<RelayProcess> nodes = List.of(a, b);
            // alice and carol start on a, bob on b.
            Map<String, RecordingListener> seen = connect(clients, loops, n -> n % 2 == 0
                    ? List.of(a.address(), b.address()) : List.of(b.address(), a.address()));
            int[] kills = {0};
            runChaos(clients, seen, 2 * KILLS, (i, random) -> {
                RelayProcess node = nodes.get(i / 2 % 2);
                if (i % 2 == 0) {
                    node.kill();
                    kills[0]++;
                } else {
                    node.startAgain();
                }
            });
            assertEveryoneHasEverythingOnce(seen, true, relayLines(nodes));
            assertThat(kills[0]).isEqualTo(KILLS);
            System.out.printf("cluster chaos: %d messages from each of %d clients, %d node kills: all delivered once%n",
                    MESSAGES, NAMES.size(), kills[0]);
            clients.forEach(ConnectionSession::close);
            assertHistoryHoldsEverythingOnce(clusterHistory(redis));
        } finally {
            clients.forEach(ConnectionSession::close);
        }
    }

    /**
     * Two relay processes on one Redis, which is killed with SIGKILL and started again (from its
     * append-only file) while the clients send: each node keeps its own members talking, tells them
     * the room is degraded, and catches up when Redis is back.
     */
    @Test
    void redisKilledAndRestartedLosesNothingAndTellsTheRoomItIsDegraded(@TempDir Path dir) throws Exception {
        List<ConnectionSession> clients = new ArrayList<>();
        int outages = Math.max(1, KILLS / 2);
        try (RedisProcess redis = RedisProcess.start(dir);
             RelayProcess a = RelayProcess.clusterNode(redis.uri(), "a");
             RelayProcess b = RelayProcess.clusterNode(redis.uri(), "b");
             EventLoops loops = EventLoops.create(2, "chaos-clients")) {
            Map<String, RecordingListener> seen = connect(clients, loops, n -> n % 2 == 0
                    ? List.of(a.address(), b.address()) : List.of(b.address(), a.address()));
            runChaos(clients, seen, 2 * outages, (i, random) -> {
                if (i % 2 == 0) {
                    redis.kill();
                    Thread.sleep(1000 + random.nextInt(500)); // long enough for every node to notice
                } else {
                    redis.startAgain();
                }
            });
            // Texts shown while a node was degraded have no room sequence: order is checked on the rest.
            assertEveryoneHasEverythingOnce(seen, false, relayLines(List.of(a, b)));
            for (String name : NAMES) {
                assertThat(seen.get(name).errors).extracting(SessionError::code).as("%s was told", name)
                        .contains(ErrorCode.CLUSTER_DEGRADED, ErrorCode.CLUSTER_RESTORED);
            }
            System.out.printf("redis chaos: %d messages from each of %d clients, %d Redis kills: all delivered once%n",
                    MESSAGES, NAMES.size(), outages);
            clients.forEach(ConnectionSession::close);
            assertHistoryHoldsEverythingOnce(clusterHistory(redis));
        } finally {
            clients.forEach(ConnectionSession::close);
        }
    }

    private interface Addresses {
        List<String> of(int client);
    }

    private static Map<String, RecordingListener> connect(List<ConnectionSession> clients, EventLoops loops,
                                                          Addresses addresses) throws Exception {
        Map<String, RecordingListener> seen = new ConcurrentHashMap<>();
        for (int n = 0; n < NAMES.size(); n++) {
            String name = NAMES.get(n);
            RecordingListener l = new RecordingListener();
            seen.put(name, l);
            clients.add((ConnectionSession) DuplexClient.builder().addresses(String.join(",", addresses.of(n)))
                    .nickname(name).room("chaos").listener(l).reconnect(POLICY).eventLoops(loops).connect()
                    .get(10, TimeUnit.SECONDS));
        }
        return seen;
    }

    /**
     * Three senders spread MESSAGES each over {@code events} chaos events (message i waits for event
     * i * events / MESSAGES); returns once all are acknowledged.
     */
    private static void runChaos(List<ConnectionSession> clients, Map<String, RecordingListener> seen, int events,
                                 Event event) throws Exception {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        Map<String, List<CompletableFuture<Delivery>>> acks = new ConcurrentHashMap<>();
        AtomicInteger phase = new AtomicInteger();
        List<Thread> senders = new ArrayList<>();
        for (ConnectionSession client : clients) {
            Thread t = new Thread(() -> acks.put(client.nickname(), send(client, phase, events, deadline)),
                    "chaos-" + client.nickname());
            t.start();
            senders.add(t);
        }
        Random random = new Random(42);
        for (int i = 0; i < events && System.nanoTime() < deadline; i++) {
            Thread.sleep(200 + random.nextInt(300));
            event.run(i, random);
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
    }

    /** Every client ends with every other client's messages, once each, in sender order. */
    /** What the relays logged about a client: its joins (HELLO with its resume position) and replays. */
    private interface RelayLines {
        List<String> of(String client);
    }

    /** The lines of the relays' logs (debug for joins and replays, see RelayProcess) naming the client. */
    private static RelayLines relayLines(List<RelayProcess> relays) {
        return client -> {
            List<String> lines = new ArrayList<>();
            for (RelayProcess relay : relays) {
                try {
                    relay.logLines(client).stream().map(line -> "relay " + relay.port() + ": " + line
                            .replaceAll("capabilities=\\d+, |, room=chaos", "")).forEach(lines::add);
                } catch (java.io.IOException e) {
                    lines.add("relay " + relay.port() + ": log unreadable: " + e);
                }
            }
            return lines;
        };
    }

    private static void assertEveryoneHasEverythingOnce(Map<String, RecordingListener> seen, boolean allSequenced,
                                                        RelayLines relayLines) {
        for (String receiver : NAMES) {
            RecordingListener l = seen.get(receiver);
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> l.texts.size() >= (NAMES.size() - 1) * MESSAGES);
            } catch (ConditionTimeoutException e) {
                // The assertions below say what is missing.
            }
            for (String sender : NAMES) {
                List<String> fromSender = l.texts.stream().filter(t -> t.sender().equals(sender))
                        .map(TextMessage::body).toList();
                List<String> expected = sender.equals(receiver) ? List.of() : expectedBodies(sender);
                String view = receiver + "'s view of " + sender + "'s messages (" + story(l, sender) + ")"
                        + (fromSender.equals(expected) ? "" : "\nwhat the relays logged about " + receiver + ":\n"
                        + String.join("\n", relayLines.of(receiver)));
                if (allSequenced) {
                    assertThat(fromSender).as(view).isEqualTo(expected);
                } else {
                    assertThat(fromSender).as(view).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
                }
            }
            List<Long> sequences = l.texts.stream().map(TextMessage::roomSequence).filter(s -> allSequenced || s > 0)
                    .toList();
            assertThat(sequences).as("%s's room order", receiver).isSorted().doesNotHaveDuplicates();
        }
    }

    /**
     * What a failure needs to be understood, first in its message (CI shows only a part of the
     * output): the receiver's connections and notices, and the sender's texts as it got them, with
     * their room sequences (0: shown unstored), in runs ("alice-11..74@120..183").
     */
    private static String story(RecordingListener l, String sender) {
        Map<String, Long> notices = l.errors.stream().collect(Collectors.groupingBy(e -> e.code().name(),
                java.util.TreeMap::new, Collectors.counting()));
        StringBuilder texts = new StringBuilder();
        int runStart = -1;
        int last = -2;
        long lastSequence = -2;
        long runSequence = 0;
        for (TextMessage t : l.texts) {
            if (!t.sender().equals(sender)) {
                continue;
            }
            int n = Integer.parseInt(t.body().substring(t.body().indexOf('-') + 1));
            long seq = t.roomSequence();
            boolean continues = n == last + 1 && (seq == 0 ? lastSequence == 0 : seq > lastSequence && lastSequence > 0);
            if (!continues) {
                appendRun(texts, runStart, last, runSequence, lastSequence);
                runStart = n;
                runSequence = seq;
            }
            last = n;
            lastSequence = seq;
        }
        appendRun(texts, runStart, last, runSequence, lastSequence);
        StringBuilder sequences = new StringBuilder();
        long runFrom = -1;
        long previous = -1000;
        for (long seq : l.texts.stream().mapToLong(TextMessage::roomSequence).filter(q -> q > 0).sorted().toArray()) {
            if (seq > previous + 40) { // shorter gaps are mostly the receiver's own texts
                appendRun(sequences, (int) runFrom, (int) previous, 0, 0);
                runFrom = seq;
            }
            previous = seq;
        }
        appendRun(sequences, (int) runFrom, (int) previous, 0, 0);
        return "connections " + l.reasons + ", notices " + notices + ", got " + texts
                + "; room sequences it got from anyone (gaps under 40 joined): " + sequences.toString().replace("@0", "");
    }

    private static void appendRun(StringBuilder out, int from, int to, long fromSequence, long toSequence) {
        if (from < 0) {
            return;
        }
        out.append(out.isEmpty() ? "" : " ").append(from).append(from == to ? "" : ".." + to).append('@')
                .append(fromSequence).append(fromSequence == toSequence ? "" : ".." + toSequence);
    }

    /** The history holds every message once, each with its own sequence. */
    private static void assertHistoryHoldsEverythingOnce(List<StoredMessage> stored) {
        Set<String> bodies = stored.stream().map(StoredMessage::body).collect(Collectors.toSet());
        assertThat(stored).hasSize(NAMES.size() * MESSAGES);
        for (String sender : NAMES) {
            assertThat(bodies).containsAll(expectedBodies(sender));
        }
        assertThat(new HashSet<>(stored.stream().map(StoredMessage::sequence).toList())).hasSize(stored.size());
    }

    /** The room as the cluster's Redis holds it, read through a node of this JVM. */
    private static List<StoredMessage> clusterHistory(RedisProcess redis) {
        try (RelayServer reader = RelayServer.builder().bindHost("127.0.0.1").port(0)
                .cluster(ClusterConfig.of(redis.uri()).withNodeId("reader")).build().start()) {
            return reader.history().messages("chaos");
        }
    }

    private static List<String> expectedBodies(String sender) {
        return IntStream.range(0, MESSAGES).mapToObj(i -> sender + "-" + i).toList();
    }

    /** Sends MESSAGES texts, retrying any the bounded outbox refuses; returns their futures. */
    private static List<CompletableFuture<Delivery>> send(Session client, AtomicInteger phase, int events,
                                                          long deadline) {
        List<CompletableFuture<Delivery>> futures = new ArrayList<>();
        for (int i = 0; i < MESSAGES && System.nanoTime() < deadline; i++) {
            while (phase.get() < (long) i * events / MESSAGES && System.nanoTime() < deadline) {
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
}
