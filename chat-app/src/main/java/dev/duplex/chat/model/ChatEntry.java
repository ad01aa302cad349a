package dev.duplex.chat.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of the conversation: a message (someone else's or your own), a notice (someone joined
 * or left, the connection changed), an error sentence, or the divider after replayed history. Ids grow by one per entry added to a
 * {@link ChatModel}, so a view can tell what is new.
 *
 * @param id        position in the model, starting at 1
 * @param kind      message, notice or error
 * @param time      when it happened: a message's own time stamp (when it was sent), else when it
 *                  happened here (sent, noticed)
 * @param sender    who wrote it (empty for notices and errors)
 * @param body      the text
 * @param own       true for messages this side sent
 * @param sendState for own messages: pending, sent or failed; {@link SendState#SENT} otherwise
 * @param detail    why an own message failed (empty otherwise)
 */
public record ChatEntry(long id, Kind kind, Instant time, String sender, String body, boolean own,
                        SendState sendState, String detail) {

    /** What an entry is. */
    public enum Kind {
        /** Text written by a person. */
        MESSAGE,
        /** Presence or connection news. */
        NOTICE,
        /** Something went wrong; the body is a sentence saying what to do. */
        ERROR,
        /** The line between the room's history replayed on joining and what happens live. */
        DIVIDER
    }

    public ChatEntry {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(sendState, "sendState");
        Objects.requireNonNull(detail, "detail");
    }

    ChatEntry withSendState(SendState state, String why) {
        return new ChatEntry(id, kind, time, sender, body, own, state, why);
    }
}
