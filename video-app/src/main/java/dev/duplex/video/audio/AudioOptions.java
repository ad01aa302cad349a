package dev.duplex.video.audio;

import java.util.Objects;

/**
 * The voice settings of a call: on or off ({@code --no-audio}), where it comes from
 * ({@code --audio-source}) and where the others' voices go ({@code --audio-sink}).
 *
 * @param enabled false: a video-only call (nothing sent, nothing asked for)
 * @param source  the local voice
 * @param sink    the others' voices
 */
public record AudioOptions(boolean enabled, AudioSourceSpec source, AudioSinkSpec sink) {
    /** Voice on: the microphone and the speaker if there are any. */
    public static final AudioOptions DEFAULT = new AudioOptions(true, AudioSourceSpec.auto(), AudioSinkSpec.auto());
    /** A video-only call. */
    public static final AudioOptions OFF = new AudioOptions(false, AudioSourceSpec.auto(), AudioSinkSpec.auto());

    public AudioOptions {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sink, "sink");
    }

    /** Voice on with this source and sink. */
    public static AudioOptions of(AudioSourceSpec source, AudioSinkSpec sink) {
        return new AudioOptions(true, source, sink);
    }
}
