package dev.duplex.video.audio;

import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the voice source and sink a call asks for. {@code auto} tries the device and, when there is
 * none (servers, CI, a machine without a microphone), goes on without it and says so, as a missing
 * camera is announced; a device or file asked for by name that cannot be opened is an error with a
 * sentence.
 */
public final class AudioDevices {
    /** The notice when {@code auto} finds no microphone. */
    public static final String NO_MICROPHONE_NOTICE = "No microphone found: the others will not hear you "
            + "(--audio-source tone sends a test tone).";
    /** The notice when {@code auto} finds no sound output. */
    public static final String NO_SPEAKER_NOTICE = "No sound output found: you will not hear the others "
            + "(their voices are still received and counted).";

    private static final Logger log = LoggerFactory.getLogger(AudioDevices.class);

    private AudioDevices() {
    }

    /**
     * The voice source, or empty when {@code auto} found no microphone (nothing is sent then).
     *
     * @throws AudioUnavailableException if a microphone or file asked for by name cannot be opened
     */
    public static Optional<AudioSource> openSource(AudioSourceSpec spec, Consumer<String> notice) {
        return switch (spec.kind()) {
            case MIC -> Optional.of(MicrophoneSource.open());
            case TONE -> Optional.of(new ToneSource(spec.toneHz()));
            case FILE -> Optional.of(WavFileSource.open(spec.file()));
            case AUTO -> {
                try {
                    yield Optional.of(MicrophoneSource.open());
                } catch (AudioUnavailableException e) {
                    log.debug("No microphone: {}", e.getMessage());
                    notice.accept(NO_MICROPHONE_NOTICE);
                    yield Optional.empty();
                }
            }
        };
    }

    /**
     * The voice output; {@code auto} without a device gives a {@link NullSink}, with a notice.
     *
     * @throws AudioUnavailableException if a speaker or file asked for by name cannot be opened
     */
    public static AudioSink openSink(AudioSinkSpec spec, Consumer<String> notice) {
        return switch (spec.kind()) {
            case SPEAKER -> SpeakerSink.open();
            case NULL -> new NullSink();
            case FILE -> WavFileSink.create(spec.file());
            case AUTO -> {
                try {
                    yield SpeakerSink.open();
                } catch (AudioUnavailableException e) {
                    log.debug("No sound output: {}", e.getMessage());
                    notice.accept(NO_SPEAKER_NOTICE);
                    yield new NullSink();
                }
            }
        };
    }
}
