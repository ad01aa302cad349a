package dev.duplex.core.relay;

import dev.duplex.core.internal.protocol.AudioFrame;
import dev.duplex.core.internal.protocol.ErrorFrame;
import dev.duplex.core.internal.protocol.TextFrame;
import dev.duplex.core.internal.protocol.VideoFrame;
import dev.duplex.core.protocol.ErrorCode;
import dev.duplex.core.protocol.FrameLimits;
import io.netty.channel.ChannelHandlerContext;

/**
 * What a member is told when something it sent is too large to relay, as a notice
 * ({@code ERROR TOO_LARGE_TO_RELAY}; the connection stays): each refused TEXT by its message id, with
 * how much text fits; video and audio once per connection each (a camera would repeat it 30 times a
 * second, a microphone 50).
 * Per-connection state: one per member, made when it first sends something too large.
 */
final class OversizeNotices {
    private final FrameLimits limits;
    private boolean toldVideo;
    private boolean toldAudio;

    OversizeNotices(FrameLimits limits) {
        this.limits = limits;
    }

    /** The TEXT {@code messageId} of {@code nickname} in {@code room} was neither stored nor forwarded: {@code size} says why. */
    void text(ChannelHandlerContext ctx, String nickname, String room, long messageId, String size) {
        int limit = limits.maxTextPayload();
        int bodyLimit = limit - TextFrame.payloadLength(nickname, room, "");
        ctx.writeAndFlush(new ErrorFrame(ErrorCode.TOO_LARGE_TO_RELAY, "Message " + messageId + " was not sent: "
                + size + ", over the limit of " + limit + " bytes. Leave room for your name and room: at most "
                + bodyLimit + " bytes of text for you here.", messageId));
    }

    /** A VIDEO of {@code nickname} was dropped: {@code size} says why. Said once per connection. */
    void video(ChannelHandlerContext ctx, String nickname, String size) {
        if (toldVideo) {
            return;
        }
        toldVideo = true;
        int limit = limits.maxVideoPayload();
        ctx.writeAndFlush(new ErrorFrame(ErrorCode.TOO_LARGE_TO_RELAY, "A video frame was not sent: " + size
                + ", over the limit of " + limit + " bytes. Keep JPEG frames under "
                + (limit - VideoFrame.payloadLength(nickname, 0)) + " bytes here (lower the quality or "
                + "the size)."));
    }

    /** An AUDIO of {@code nickname} was dropped: {@code size} says why. Said once per connection. */
    void audio(ChannelHandlerContext ctx, String nickname, String size) {
        if (toldAudio) {
            return;
        }
        toldAudio = true;
        int limit = limits.maxAudioPayload();
        ctx.writeAndFlush(new ErrorFrame(ErrorCode.TOO_LARGE_TO_RELAY, "An audio packet was not sent: " + size
                + ", over the limit of " + limit + " bytes. Keep Opus packets under "
                + (limit - AudioFrame.payloadLength(nickname, 0)) + " bytes here (lower the bitrate)."));
    }
}
