package dev.duplex.bench.link;

import dev.duplex.bench.BenchReport;
import dev.duplex.bench.BenchSettings;
import dev.duplex.core.relay.RelayServer;
import dev.duplex.core.session.Delivery;
import dev.duplex.core.session.DuplexClient;
import dev.duplex.core.session.Session;
import dev.duplex.core.session.SessionListener;
import dev.duplex.core.session.TextMessage;
import dev.duplex.testkit.link.LinkEmulator;
import dev.duplex.testkit.link.LinkProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Chat across a stall: ann sends a message every 50 ms to ben through a relay, each on a 2 Mbit/s
 * link with 50 ms each way, and ann's link stops for a while in the middle. Every message must be
 * acknowledged and arrive exactly once, in order.
 */
final class ChatStall {
    private static final int INTERVAL_MS = 50;

    private ChatStall() {
    }

    static void run(BenchSettings s, BenchReport r, Duration stall) throws Exception {
        LinkProfile profile = LinkProfile.of(2000, 50);
        long before = 1500;
        long after = 1500;
        int count = (int) ((before + stall.toMillis() + after) / INTERVAL_MS);
        s.progress("chat: %d messages every %d ms across a %d ms stall of the sender's link...", count, INTERVAL_MS,
                stall.toMillis());
        Map<String, Long> arrivedAt = new ConcurrentHashMap<>();
        List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
        SessionListener receiver = new SessionListener() {
            @Override
            public void onText(Session session, TextMessage message) {
                order.add(message.body());
                arrivedAt.merge(message.body(), System.nanoTime(), (a, b) -> a);
            }
        };
        try (RelayServer relay = BenchRelay.start();
             LinkEmulator annLink = LinkEmulator.builder().target(relay.port()).both(profile).start();
             LinkEmulator benLink = LinkEmulator.builder().target(relay.port()).both(profile).start()) {
            Session ben = DuplexClient.builder().port(benLink.port()).nickname("ben").room("chat").listener(receiver)
                    .connect().get(10, TimeUnit.SECONDS);
            Session ann = DuplexClient.builder().port(annLink.port()).nickname("ann").room("chat")
                    .listener(new SessionListener() { }).connect().get(10, TimeUnit.SECONDS);
            try {
                long[] sentAt = new long[count];
                List<CompletableFuture<Delivery>> acks = new ArrayList<>();
                long t0 = System.nanoTime();
                for (int i = 0; i < count; i++) {
                    long due = t0 + TimeUnit.MILLISECONDS.toNanos((long) i * INTERVAL_MS);
                    TimeUnit.NANOSECONDS.sleep(Math.max(0, due - System.nanoTime()));
                    if (i == before / INTERVAL_MS) {
                        annLink.stall(stall);
                    }
                    sentAt[i] = System.nanoTime();
                    acks.add(ann.sendText("m" + i));
                }
                long failed = 0;
                for (CompletableFuture<Delivery> ack : acks) {
                    try {
                        ack.get(20, TimeUnit.SECONDS);
                    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                        failed++;
                    }
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (arrivedAt.size() < count && System.nanoTime() < deadline) {
                    TimeUnit.MILLISECONDS.sleep(20);
                }
                double maxDelay = 0;
                for (int i = 0; i < count; i++) {
                    Long at = arrivedAt.get("m" + i);
                    if (at != null) {
                        maxDelay = Math.max(maxDelay, (at - sentAt[i]) / 1e6);
                    }
                }
                boolean inOrder = true;
                synchronized (order) {
                    for (int i = 1; i < order.size(); i++) {
                        inOrder &= Integer.parseInt(order.get(i).substring(1)) > Integer.parseInt(order.get(i - 1).substring(1));
                    }
                }
                r.put("chat_stall_ms", stall.toMillis());
                r.put("chat_sent", count).put("chat_acknowledged", count - failed);
                r.put("chat_received", arrivedAt.size()).put("chat_lost", count - arrivedAt.size());
                r.put("chat_duplicates", order.size() - arrivedAt.size()).put("chat_in_order", inOrder ? 1 : 0);
                r.put("chat_max_delivery_ms", maxDelay);
                r.put("chat_reconnects", annLink.accepted() - 1 + benLink.accepted() - 1);
                s.progress("  %d sent, %d acknowledged, %d received, %d duplicates, in order: %s; slowest %.0f ms",
                        count, count - failed, arrivedAt.size(), order.size() - arrivedAt.size(), inOrder, maxDelay);
            } finally {
                ann.close();
                ben.close();
            }
        }
    }
}
