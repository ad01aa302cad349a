package dev.duplex.cli.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.core.relay.RelayServer;
import dev.duplex.core.security.Identity;
import dev.duplex.core.security.TlsOptions;
import dev.duplex.core.web.WebOptions;
import dev.duplex.video.VideoOptions;
import dev.duplex.video.audio.Pcm;
import dev.duplex.video.audio.RemoteVoice;
import dev.duplex.video.audio.ToneSource;
import dev.duplex.video.audio.Tones;
import dev.duplex.video.call.VideoCall;
import dev.duplex.video.source.SourceSpec;
import dev.duplex.video.source.SyntheticSource;
import dev.duplex.video.testkit.RecordingDisplay;
import dev.duplex.video.testkit.RecordingSink;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Voice between Chromium and the Java video app through a TLS relay: the browser's (fake) microphone
 * plays a 1 kHz tone from a WAV file, which the Java app hears at 1 kHz; the Java app's 440 Hz tone is
 * decoded in the page at 440 Hz and its level shown on the sender's tile; M in the page mutes it.
 */
@Timeout(120)
class BrowserVoiceTest {
    private static final Identity IDENTITY = Identity.generate();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Path TONE = writeTone(Path.of("target", "browser-voice-1khz.wav"), 1000);
    @RegisterExtension
    static final Chromium CHROMIUM = new Chromium(List.of("--use-file-for-fake-audio-capture=" + TONE.toAbsolutePath()));

    /** The page's voice figures as JSON-safe values; for javacam's voice, the tone powers of its last frame. */
    private static final String VOICE = """
            async () => {
              const { player, voice } = await import('/app.js');
              const v = player.voices.get('javacam');
              const power = (samples, hz) => {
                const c = 2 * Math.cos(2 * Math.PI * hz / 48000);
                let s1 = 0, s2 = 0;
                for (const x of samples) { const s = x + c * s1 - s2; s2 = s1; s1 = s; }
                return (s1 * s1 + s2 * s2 - c * s1 * s2) / (samples.length * samples.length);
              };
              return { sent: voice.sent, muted: voice.muted, level: voice.level,
                decoded: v ? v.decoded : 0, played: v ? v.played : 0,
                p440: v && v.lastFrame ? power(v.lastFrame, 440) : 0,
                p1000: v && v.lastFrame ? power(v.lastFrame, 1000) : 0,
                volume: player.gain ? player.gain.gain.value : -1 };
            }""";

    /** Three seconds of a steady tone, 48 kHz mono 16-bit (Chromium loops it). */
    private static Path writeTone(Path file, double hz) {
        short[] samples = new short[3 * Pcm.SAMPLE_RATE];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) Math.round(0.3 * Short.MAX_VALUE * Math.sin(2 * Math.PI * hz * i / Pcm.SAMPLE_RATE));
        }
        byte[] bytes = new byte[samples.length * 2];
        Pcm.toBytes(samples, bytes);
        try {
            Files.createDirectories(file.getParent());
            AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(bytes), Pcm.FORMAT, samples.length),
                    AudioFileFormat.Type.WAVE, file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> voiceOf(DuplexPage page) {
        return (Map<String, Object>) page.page.evaluate(VOICE);
    }

    private static double number(Map<String, Object> figures, String key) {
        return ((Number) figures.get(key)).doubleValue();
    }

    @Test
    void theBrowserAndTheJavaAppHearEachOthersToneAndMMutesThePage() throws Exception {
        try (RelayServer relay = RelayServer.builder().bindHost("127.0.0.1").port(0).tls(TlsOptions.server(IDENTITY))
                .web(WebOptions.onPort(0)).build().start();
             DuplexPage alice = CHROMIUM.open("https://127.0.0.1:" + relay.webPort() + "/")) {
            alice.joinAndWait("alice", "studio");
            RecordingSink javaHears = new RecordingSink(25);
            VideoOptions options = VideoOptions.builder().relay("127.0.0.1", relay.port()).room("studio")
                    .nickname("javacam").tls(TlsOptions.pinned(IDENTITY.fingerprint()))
                    .source(SourceSpec.synthetic()).size(160, 120).fps(5).adaptive(false).build();
            VideoCall javacam = VideoCall.builder(options).source(new SyntheticSource(160, 120, 5, "javacam"))
                    .display(new RecordingDisplay(10)).audio(Optional.of(new ToneSource(440)), javaHears).start();
            try {
                alice.page.click("#mic-toggle");
                alice.page.waitForCondition(() -> alice.page.textContent("#mic-toggle").equals("Stop microphone"));
                assertThat(alice.page.textContent("#voice-status")).isEmpty();

                // The page's 1 kHz, encoded by WebCodecs, relayed, decoded and played by the Java app.
                await().atMost(WAIT).until(() -> javaHears.audible() >= 25);
                short[] heard = Tones.join(javaHears.lastHeard());
                assertThat(Tones.power(heard, 1000)).as("1 kHz from the page").isGreaterThan(0.002)
                        .isGreaterThan(30 * Tones.power(heard, 440));

                // The Java app's 440 Hz, decoded in the page, its level on javacam's tile.
                await().atMost(WAIT).until(() -> number(voiceOf(alice), "decoded") >= 25);
                Map<String, Object> page = voiceOf(alice);
                assertThat(number(page, "p440")).as("440 Hz in the page").isGreaterThan(0.002)
                        .isGreaterThan(30 * number(page, "p1000"));
                assertThat(number(page, "played")).as("scheduled on the page's audio output").isPositive();
                alice.page.waitForCondition(() -> {
                    String level = alice.page.getAttribute(".tile[data-sender='javacam']", "data-level");
                    return level != null && Double.parseDouble(level) > 0.05;
                });
                // The microphone's meter (after the browser's gain control and noise suppression: lower than the file's 0.21).
                assertThat(number(page, "level")).as("the page's own microphone level").isGreaterThan(0.01);
                alice.screenshot("browser-voice");

                // M mutes the page: the Java app stops hearing alice; M again and it hears her again.
                alice.page.locator("#messages").click();
                alice.page.keyboard().press("m");
                assertThat(voiceOf(alice).get("muted")).isEqualTo(true);
                assertThat(alice.page.textContent("#mute")).isEqualTo("Unmute (M)");
                await().atMost(WAIT).until(() -> aliceSilent(javacam));
                alice.page.keyboard().press("m");
                await().atMost(WAIT).until(() -> !aliceSilent(javacam));

                alice.page.fill("#volume", "0");
                assertThat(number(voiceOf(alice), "volume")).isZero();
            } finally {
                javacam.close();
            }
        }
    }

    @Test
    void aRefusedMicrophoneIsExplainedAndThePageStillJoins() {
        try (RelayServer relay = RelayServer.builder().bindHost("127.0.0.1").port(0).web(WebOptions.onPort(0))
                .build().start();
             DuplexPage page = new DuplexPage(CHROMIUM.newPage())) {
            // What a browser does when the person clicks "Block" (the fake UI always allows).
            page.page.addInitScript("navigator.mediaDevices.getUserMedia = () => Promise.reject("
                    + "new DOMException('Permission denied', 'NotAllowedError'));");
            page.page.navigate("http://127.0.0.1:" + relay.webPort() + "/");
            page.joinAndWait("carol", "lobby");
            page.page.click("#mic-toggle");
            page.waitForVisible("#voice-status");
            assertThat(page.page.textContent("#voice-status")).isEqualTo("The browser refused the microphone. Allow "
                    + "it for this page (the microphone icon in the address bar, or the site settings), then press "
                    + "Start microphone again. You still hear the others.");
            assertThat(page.page.textContent("#mic-toggle")).isEqualTo("Start microphone");
            assertThat(page.page.isDisabled("#mute")).isTrue();
        }
    }

    /** True while the Java app plays nothing of alice's voice. */
    private static boolean aliceSilent(VideoCall call) {
        return call.audio().orElseThrow().voices().get("alice").map(RemoteVoice::playoutDelayMicros).orElse(-1L) < 0;
    }
}
