package dev.duplex.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.duplex.core.relay.RelayServer;
import dev.duplex.video.audio.AudioUnavailableException;
import dev.duplex.video.audio.MicrophoneSource;
import dev.duplex.video.audio.Pcm;
import dev.duplex.video.audio.Tones;
import dev.duplex.video.testkit.CommandRun;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code duplex video} with voice: its options, the missing microphone, and the summary's audio keys. */
class VideoCommandAudioTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @TempDir
    Path dir;

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    /** One finished run of {@code duplex video ARGS}. */
    private record Run(int exitCode, String out, String err) {
        static Run of(String... args) {
            CommandRun run = new CommandRun().execute(args);
            return new Run(run.exitCode, run.out(), run.err.toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--no-audio --audio-source tone                | --no-audio turns voice off: leave out --audio-source",
        "--compat lecture --listen --audio-sink null   | --compat lecture is video only",
        "--audio-source tone:30000                     | tone frequency: 30000.0 Hz (expected: 0 < f < 24000)",
        "--audio-source tone:loud                      | expected tone:HZ, e.g. tone:1000",
    })
    void badVoiceArgumentsAreUsageErrors(String args, String message) {
        Run run = Run.of(args.split(" +"));
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(message).contains("Usage: video");
    }

    @Test
    void helpNamesTheVoiceOptions() {
        assertThat(Run.of("--help").out()).contains("--audio-source", "--audio-sink", "--no-audio");
    }

    @Test
    void aMissingMicrophoneIsAnnouncedAndTheCallGoesOnListening() {
        boolean hasMicrophone = microphonePresent();
        Run run = Run.of("--listen", "0", "--bind", "127.0.0.1", "--source", "synthetic", "--width", "160",
                "--height", "120", "--audio-sink", "null", "--headless", "--seconds", "1");
        assertThat(run.exitCode()).as(run.err()).isZero();
        if (hasMicrophone) {
            assertThat(run.out()).contains("Voice: sending the microphone");
        } else {
            assertThat(run.out()).contains("No microphone found: the others will not hear you")
                    .contains("Voice: sending nothing (no microphone)");
        }
        assertThat(CommandRun.summary(run.out())).containsEntry("audio_sent", "0");
    }

    @Test
    void anExplicitMicrophoneThatIsAbsentFailsWithASentence() {
        assumeFalse(microphonePresent(), "this machine has a microphone");
        Run run = Run.of("--listen", "0", "--bind", "127.0.0.1", "--source", "synthetic", "--audio-source", "mic",
                "--headless", "--seconds", "1");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).containsPattern("(No microphone|microphone)");
        assertThat(run.out()).doesNotContain("summary");
    }

    @Test
    void aRoomOfTwoHeadlessPeersTalksAndTheSummaryHasTheAudioKeys() throws Exception {
        Path spoken = writeTone(dir.resolve("tone 440.wav"), 440, 1);
        Path recorded = dir.resolve("heard by ben.wav");
        try (RelayServer relay = RelayServer.builder().bindHost("127.0.0.1").port(0).threads(2).build().start()) {
            String port = String.valueOf(relay.port());
            Future<Run> ann = pool.submit(() -> Run.of("--plaintext", "--port", port, "--room", "voice", "--nick",
                    "ann", "--source", "synthetic", "--width", "160", "--height", "120", "--fps", "10",
                    "--audio-source", spoken.toString(), "--audio-sink", "null", "--headless", "--seconds", "4"));
            Future<Run> ben = pool.submit(() -> Run.of("--plaintext", "--port", port, "--room", "voice", "--nick",
                    "ben", "--source", "synthetic", "--width", "160", "--height", "120", "--fps", "10",
                    "--audio-source", "tone:1000", "--audio-sink", recorded.toString(), "--headless", "--seconds", "4"));
            for (Run run : new Run[] {ann.get(30, TimeUnit.SECONDS), ben.get(30, TimeUnit.SECONDS)}) {
                assertThat(run.exitCode()).as(run.err()).isZero();
                assertThat(run.out()).containsPattern("audio p50 [0-9.]+ ms p99 [0-9.]+ ms");
                Map<String, String> summary = CommandRun.summary(run.out());
                assertThat(Long.parseLong(summary.get("audio_sent"))).isPositive();
                assertThat(Long.parseLong(summary.get("audio_received"))).isPositive();
                assertThat(Double.parseDouble(summary.get("audio_latency_p50_ms"))).isBetween(0.0, 1_000.0);
                assertThat(Double.parseDouble(summary.get("audio_latency_p99_ms")))
                        .isGreaterThanOrEqualTo(Double.parseDouble(summary.get("audio_latency_p50_ms")));
                assertThat(Long.parseLong(summary.get("audio_concealed"))).isNotNegative();
            }
            assertThat(ann.get().out()).contains("Voice: sending the file " + spoken);
        }
        // What ben heard, as recorded: ann's 440 Hz file.
        try (AudioInputStream in = AudioSystem.getAudioInputStream(recorded.toFile())) {
            assertThat(in.getFormat().getSampleRate()).isEqualTo(Pcm.SAMPLE_RATE);
            byte[] bytes = in.readAllBytes();
            short[] samples = new short[bytes.length / 2];
            Pcm.fromBytes(bytes, samples);
            int from = samples.length / 2; // the middle of the call: talking by then
            int to = Math.min(samples.length, from + Pcm.SAMPLE_RATE / 2);
            assertThat(Tones.power(samples, from, to, 440)).isGreaterThan(0.002)
                    .isGreaterThan(30 * Tones.power(samples, from, to, 1000));
        }
    }

    @Test
    void noAudioIsAVideoOnlyCall() {
        Run run = Run.of("--listen", "0", "--bind", "127.0.0.1", "--source", "synthetic", "--width", "160",
                "--height", "120", "--no-audio", "--headless", "--seconds", "1");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).doesNotContain("Voice:", "No microphone");
        assertThat(CommandRun.summary(run.out())).containsEntry("audio_sent", "0").containsEntry("audio_latency_p50_ms", "n/a");
    }

    private static boolean microphonePresent() {
        try {
            MicrophoneSource.open().close();
            return true;
        } catch (AudioUnavailableException e) {
            return false;
        }
    }

    /** A WAV file of {@code seconds} of a sine at {@code hz}, 48 kHz mono 16-bit. */
    private static Path writeTone(Path file, double hz, int seconds) throws Exception {
        int n = Pcm.SAMPLE_RATE * seconds;
        byte[] bytes = new byte[n * 2];
        for (int i = 0; i < n; i++) {
            short s = (short) Math.round(0.3 * Short.MAX_VALUE * Math.sin(2 * Math.PI * hz * i / Pcm.SAMPLE_RATE));
            bytes[2 * i] = (byte) s;
            bytes[2 * i + 1] = (byte) (s >> 8);
        }
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(bytes), Pcm.FORMAT, n)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
        }
        return file;
    }
}
