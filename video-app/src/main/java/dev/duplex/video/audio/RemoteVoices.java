package dev.duplex.video.audio;

import dev.duplex.core.session.AudioMessage;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The remote voices of a call, one per sender, at most {@code maxVoices} (packets of more senders
 * are refused and counted). A voice is created by its first packet and removed when its sender
 * leaves, the connection drops, or it has been silent for {@link #IDLE_NANOS}. Thread-safe.
 */
public final class RemoteVoices {
    /** A voice silent this long is forgotten (it comes back with its next packet). */
    static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final int maxVoices;
    private final int maxFrames;
    private final AudioStats stats;
    private final Map<String, RemoteVoice> voices = new ConcurrentHashMap<>();
    /** Counts of voices removed, so totals survive them. Guarded by this. */
    private long retiredPlayed;
    private long retiredConcealed;
    private long retiredLate;
    private long retiredSkipped;

    public RemoteVoices(int maxVoices, int maxFrames, AudioStats stats) {
        this.maxVoices = maxVoices;
        this.maxFrames = maxFrames;
        this.stats = stats;
    }

    /** A packet from the network (event loop). */
    public void offer(AudioMessage packet) {
        stats.received.increment();
        stats.transit().record(packet.receivedMicros() - packet.captureTimeMicros());
        RemoteVoice voice = voices.get(packet.sender());
        if (voice == null) {
            synchronized (this) {
                voice = voices.get(packet.sender());
                if (voice == null) {
                    if (voices.size() >= maxVoices) {
                        stats.refused.increment();
                        return;
                    }
                    voice = new RemoteVoice(packet.sender(), maxFrames);
                    voices.put(packet.sender(), voice);
                }
            }
        }
        voice.lastPacketNanos = System.nanoTime();
        voice.buffer.offer(packet);
    }

    /** The voices now, in no particular order. */
    public Collection<RemoteVoice> all() {
        return voices.values();
    }

    public Optional<RemoteVoice> get(String sender) {
        return Optional.ofNullable(voices.get(sender));
    }

    /** Forgets a sender (it left). */
    public void remove(String sender) {
        RemoteVoice gone = voices.remove(sender);
        if (gone != null) {
            retire(gone);
        }
    }

    /** Forgets every sender (the connection is down). */
    public void clear() {
        voices.keySet().forEach(this::remove);
    }

    /** Forgets voices that have been silent for a long time (playout thread). */
    void removeIdle(long nowNanos) {
        for (RemoteVoice v : voices.values()) {
            if (nowNanos - v.lastPacketNanos > IDLE_NANOS && !v.buffer.playing()) {
                remove(v.sender());
            }
        }
    }

    private synchronized void retire(RemoteVoice voice) {
        retiredPlayed += voice.buffer.played();
        retiredConcealed += voice.buffer.concealed();
        retiredLate += voice.buffer.late();
        retiredSkipped += voice.buffer.skipped();
    }

    /** Packets played, over every voice so far. */
    public synchronized long played() {
        return retiredPlayed + voices.values().stream().mapToLong(v -> v.buffer.played()).sum();
    }

    /** Slots rebuilt or concealed because their packet was lost or late, over every voice so far. */
    public synchronized long concealed() {
        return retiredConcealed + voices.values().stream().mapToLong(v -> v.buffer.concealed()).sum();
    }

    /** Packets that came after their slot, over every voice so far. */
    public synchronized long late() {
        return retiredLate + voices.values().stream().mapToLong(v -> v.buffer.late()).sum();
    }

    /** Packets skipped to keep the delay down, over every voice so far. */
    public synchronized long skipped() {
        return retiredSkipped + voices.values().stream().mapToLong(v -> v.buffer.skipped()).sum();
    }

    /** The deepest jitter buffer now, in milliseconds (0 without voices). */
    public int maxBufferedMillis() {
        return voices.values().stream().mapToInt(RemoteVoice::bufferedMillis).max().orElse(0);
    }
}
