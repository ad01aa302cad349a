package dev.duplex.video.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.core.session.WireFormat;
import dev.duplex.video.VideoOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What {@code --audio-source} and {@code --audio-sink} mean, and that the lecture's format has no voice. */
class AudioOptionsTest {

    @Test
    void sourcesParseByNameOrAsAFile() {
        assertThat(AudioSourceSpec.parse("auto")).isEqualTo(AudioSourceSpec.auto());
        assertThat(AudioSourceSpec.parse(" MIC ")).isEqualTo(AudioSourceSpec.mic());
        assertThat(AudioSourceSpec.parse("tone").toneHz()).isEqualTo(ToneSource.DEFAULT_HZ);
        assertThat(AudioSourceSpec.parse("tone:1000")).isEqualTo(AudioSourceSpec.tone(1000));
        assertThat(AudioSourceSpec.parse("tone:1000").toString()).isEqualTo("tone:1000");
        assertThat(AudioSourceSpec.parse("my talk.wav")).isEqualTo(AudioSourceSpec.file(Path.of("my talk.wav")));
        assertThatThrownBy(() -> AudioSourceSpec.parse(" ")).hasMessageContaining("use auto, mic, tone or a .wav file");
        assertThatThrownBy(() -> AudioSourceSpec.parse("tone:-5")).hasMessageContaining("tone frequency: -5.0 Hz");
    }

    @Test
    void sinksParseByNameOrAsAFile() {
        assertThat(AudioSinkSpec.parse("auto")).isEqualTo(AudioSinkSpec.auto());
        assertThat(AudioSinkSpec.parse("Speaker")).isEqualTo(AudioSinkSpec.speaker());
        assertThat(AudioSinkSpec.parse("null")).isEqualTo(AudioSinkSpec.none());
        assertThat(AudioSinkSpec.parse("heard.wav")).isEqualTo(AudioSinkSpec.file(Path.of("heard.wav")));
        assertThatThrownBy(() -> AudioSinkSpec.parse("")).hasMessageContaining("use auto, speaker, null or a .wav file");
    }

    @Test
    void voiceIsOnByDefaultAndAlwaysOffInTheLecturesFormat() {
        assertThat(VideoOptions.builder().build().audio()).isEqualTo(AudioOptions.DEFAULT);
        AudioOptions tone = AudioOptions.of(AudioSourceSpec.tone(440), AudioSinkSpec.none());
        assertThat(VideoOptions.builder().connect("h", 1).audio(tone).build().audio()).isEqualTo(tone);
        VideoOptions lecture = VideoOptions.builder().connect("h", 1).wireFormat(WireFormat.LECTURE_VIDEO).audio(tone)
                .build();
        assertThat(lecture.audio().enabled()).isFalse();
        assertThat(lecture.toBuilder().build().audio().enabled()).isFalse();
    }

    @Test
    void aMissingDeviceAskedForByAutoIsANoticeNotAFailure() {
        StringBuilder told = new StringBuilder();
        // On a machine without sound hardware (CI) both fall back; with hardware, nothing is said.
        AudioDevices.openSource(AudioSourceSpec.auto(), told::append).ifPresent(AudioSource::close);
        AudioDevices.openSink(AudioSinkSpec.auto(), told::append).close();
        assertThat(told.toString()).matches("(No microphone found.*)?(No sound output found.*)?");
        assertThat(AudioDevices.openSink(AudioSinkSpec.none(), told::append)).isInstanceOf(NullSink.class);
    }
}
