package dev.duplex.core.session;

import dev.duplex.core.DuplexException;
import dev.duplex.core.security.Fingerprint;
import java.net.SocketAddress;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One participant's connection to a room (through a relay) or to one peer (direct mode): send
 * text and video, learn who is there, and be told what arrives through a {@link SessionListener}.
 * Thread-safe; {@link #close()} is graceful (BYE) and idempotent.
 */
public interface Session extends AutoCloseable {

    /** This side's nickname, as the other side accepted it. */
    String nickname();

    /** The room (empty in direct mode). */
    String room();

    /** Where the session is now: connecting, connected, reconnecting or closed. */
    SessionState state();

    /** The other end of the current connection, or {@code null} while there is none. */
    SocketAddress remoteAddress();

    /**
     * The verified TLS identity of the relay or listening peer this session connected to, once
     * connected; empty over plaintext and on the accepting side of a direct session (connecting sides
     * present no certificate). Show it so people can compare it with what the relay printed.
     */
    default Optional<Fingerprint> peerFingerprint() {
        return Optional.empty();
    }

    /** Nicknames currently in the room, this side included (in direct mode: both peers). */
    Set<String> participants();

    /**
     * Sends a text message. The future completes when the relay or peer acknowledges it, or fails
     * with a {@link DuplexException} (not connected, too long, too many unacknowledged, connection
     * lost before the acknowledgement).
     */
    CompletableFuture<Delivery> sendText(String body);

    /**
     * Offers one JPEG frame. Never blocks: if the previous frame has not left yet it is replaced
     * (latest frame wins) and counted in {@link SessionStats#videoDropped()}.
     *
     * @return false if the frame could not be offered (not connected)
     * @throws IllegalArgumentException if the JPEG is over the configured video frame limit
     */
    boolean sendVideo(int width, int height, long captureTimeMicros, byte[] jpeg);

    /**
     * Receiver-driven flow control of video (direct sessions with {@code TransportConfig.videoWindow}
     * &gt; 0 on both sides): waits until this side may encode another frame, i.e. until the peer has
     * finished with enough of the frames sent. Returns true at once when flow control is off (not
     * negotiated, not connected, a relay session, the lecture's formats). Call it before encoding, so
     * that no frame is encoded only to be replaced unseen at a slower receiver.
     *
     * @return true if a frame may be encoded now, false if {@code timeout} passed first
     */
    default boolean awaitVideoWindow(long timeout, TimeUnit unit) throws InterruptedException {
        return true;
    }

    /**
     * Tells the sender that this side has finished decoding a received frame (or failed to): a
     * VIDEO_RECEIPT, when the peer asked for them; otherwise nothing. Receipts are cumulative: a
     * frame replaced unseen by a newer one needs no call of its own (the newer one's covers it), and
     * must not get one while an older frame is still being decoded. Never blocks; any thread.
     */
    default void videoFinished(VideoMessage frame) {
    }

    /**
     * Offers one Opus packet of 20 ms of voice (48 kHz mono), captured at {@code captureTimeMicros}
     * (this machine's clock, of its first sample). Never blocks: packets wait in a small bounded
     * hand-off (the oldest gives way) and in their own queue on the connection, which overtakes
     * waiting video and drops what is older than {@code TransportConfig.maxAudioDelay}.
     *
     * @return false if the packet was not taken: audio not negotiated (see {@link #audioNegotiated()})
     * @throws IllegalArgumentException if the packet is over the configured audio frame limit
     */
    default boolean sendAudio(long captureTimeMicros, byte[] opus) {
        return false;
    }

    /**
     * True while connected to a relay or peer that takes voice, with {@code TransportConfig.audio} on
     * here; false otherwise (not connected, a peer without audio, the lecture's formats).
     */
    default boolean audioNegotiated() {
        return false;
    }

    /** A snapshot of this session's counters: round trip, clock offset, frames and bytes sent and received, drops. */
    SessionStats stats();

    /** Completes when the session is closed for good (never exceptionally). */
    CompletableFuture<Void> closeFuture();

    /** Sends BYE, closes the connection and releases what the session owns. Idempotent. */
    @Override
    void close();
}
