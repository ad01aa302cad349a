package dev.duplex.core.internal.protocol;

import java.util.Objects;

/**
 * A video receiver's flow-control report to the sender: it has finished with every frame of
 * {@code sender} up to {@code sequence} (decoded that one; earlier ones decoded or replaced unseen).
 * <pre>
 * u64 sequence | str8 sender
 * </pre>
 * Sent only to a peer whose HELLO or WELCOME advertised {@link Hello#CAP_VIDEO_RECEIPTS}; the sender
 * then encodes a new frame only while fewer than its video window of frames are unfinished. A relay
 * that advertised {@link Hello#CAP_RELAY_RECEIPTS} gets them too, for the frames it forwarded, and
 * forwards only a few frames ahead of them.
 *
 * @param sequence the highest VIDEO {@code sequence} of {@code sender} the receiver is done with
 * @param sender   whose frames (the VIDEO frames' sender field)
 */
public record VideoReceipt(long sequence, String sender) implements Frame {

    public VideoReceipt {
        Objects.requireNonNull(sender, "sender");
    }

    @Override
    public FrameType type() {
        return FrameType.VIDEO_RECEIPT;
    }
}
