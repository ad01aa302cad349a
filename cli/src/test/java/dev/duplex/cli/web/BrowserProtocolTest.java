package dev.duplex.cli.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.core.protocol.ErrorCode;
import dev.duplex.core.relay.RelayServer;
import dev.duplex.core.web.WebOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The page's own codec (protocol.js), run in Chromium, against PROTOCOL.md's hex dumps: what it
 * writes is byte for byte what the document shows, and it reads every documented frame as the Java
 * codec does; and it knows every error code and notice core does.
 */
@Timeout(120)
class BrowserProtocolTest {
    /** The JavaScript that encodes PROTOCOL.md's example frames and decodes every dump, as JSON-safe values. */
    private static final String CODEC = """
            async (dumps) => {
              const p = await import('/protocol.js');
              const T = 1764000000000000n;
              const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
              const unhex = (text) => Uint8Array.from(text.split(' '), (h) => parseInt(h, 16));
              const plain = (v) => typeof v === 'bigint' ? v.toString()
                : v instanceof Uint8Array ? hex(v) : v instanceof Map ? Object.fromEntries(v) : v;
              const encoded = {
                'hello': p.encodeHello({ capabilities: 3, nickname: 'alice', room: 'lobby', attributes: new Map() }),
                'hello-audio': p.encodeHello({ capabilities: p.Capability.TEXT | p.Capability.VIDEO | p.Capability.AUDIO,
                  nickname: 'alice', room: 'lobby' }),
                'text-sent': p.encodeText({ messageId: 1001n, timestampMicros: T, sender: 'alice', room: 'lobby',
                  body: 'hi \\u{1F44B}' }),
                'video': p.encodeVideo({ sequence: 42n, captureTimeMicros: T, width: 640, height: 480,
                  sender: 'alice', jpeg: Uint8Array.of(0xff, 0xd8, 0xff, 0xd9) }),
                'audio': p.encodeAudio({ sequence: 7n, captureTimeMicros: T, sender: 'alice',
                  opus: Uint8Array.of(0x78, 0x0a, 0x0b, 0x0c) }),
                'ping': p.encodePing(T),
                'pong': p.encodePong(T, T + 250n),
                'bye': p.encodeBye(''),
              };
              const decoded = {};
              for (const [name, dump] of Object.entries(dumps)) {
                const frame = p.decodeFrame(unhex(dump));
                decoded[name] = Object.fromEntries(Object.entries(frame).map(([k, v]) => [k, plain(v)]));
              }
              return { encoded: Object.fromEntries(Object.entries(encoded).map(([k, v]) => [k, hex(v)])), decoded };
            }""";
    @RegisterExtension
    static final Chromium CHROMIUM = new Chromium();

    /** PROTOCOL.md's hex dumps by name (the same markers ProtocolDocTest reads). */
    private static Map<String, String> documentedFrames() throws Exception {
        Path doc = Path.of("..", "PROTOCOL.md");
        Matcher m = Pattern.compile("<!-- frame: ([a-z-]+) -->\\s*```\\s*\\n([0-9a-f \\n]+)```")
                .matcher(Files.readString(doc));
        Map<String, String> frames = new LinkedHashMap<>();
        while (m.find()) {
            frames.put(m.group(1), m.group(2).trim().replaceAll("\\s+", " "));
        }
        return frames;
    }

    @Test
    @SuppressWarnings("unchecked")
    void thePagesCodecWritesAndReadsTheDocumentedBytes() throws Exception {
        Map<String, String> documented = documentedFrames();
        assertThat(documented).hasSizeGreaterThanOrEqualTo(14);
        try (RelayServer relay = RelayServer.builder().bindHost("127.0.0.1").port(0).web(WebOptions.onPort(0))
                .build().start();
             DuplexPage page = CHROMIUM.open("http://127.0.0.1:" + relay.webPort() + "/")) {
            Map<String, Object> result = (Map<String, Object>) page.page.evaluate(CODEC, documented);
            Map<String, String> encoded = (Map<String, String>) result.get("encoded");
            encoded.forEach((name, bytes) -> assertThat(bytes).as(name).isEqualTo(documented.get(name)));
            assertThat(encoded).hasSize(8);

            Map<String, Map<String, Object>> decoded = (Map<String, Map<String, Object>>) result.get("decoded");
            assertThat(decoded.keySet()).containsExactlyElementsOf(documented.keySet());
            assertThat(decoded.get("hello")).containsEntry("nickname", "alice").containsEntry("room", "lobby");
            assertThat(decoded.get("welcome")).containsEntry("heartbeatMillis", 5000)
                    .containsEntry("historyEpoch", String.valueOf(0x1122334455667788L));
            assertThat(decoded.get("presence")).containsEntry("kind", 3)
                    .containsEntry("nicknames", List.of("bob", "alice"));
            assertThat(decoded.get("text-relayed")).containsEntry("roomSequence", "7")
                    .containsEntry("timestampMicros", "1764000000001500").containsEntry("body", "hi 👋");
            assertThat(decoded.get("ack")).containsEntry("messageId", "1001").containsEntry("roomSequence", "7");
            assertThat(decoded.get("video")).containsEntry("jpeg", "ff d8 ff d9").containsEntry("width", 640);
            assertThat(decoded.get("hello-audio")).containsEntry("capabilities", 0x13);
            assertThat(decoded.get("audio")).containsEntry("sequence", "7").containsEntry("sender", "alice")
                    .containsEntry("captureTimeMicros", "1764000000000000").containsEntry("opus", "78 0a 0b 0c");
            assertThat(decoded.get("pong")).containsEntry("responderTimeMicros", "1764000000000250");
            assertThat(decoded.get("error")).containsEntry("code", 8).containsEntry("message", "Nickname taken.")
                    .containsEntry("messageId", null);
            assertThat(decoded.get("error-about-text")).containsEntry("code", 17).containsEntry("messageId", "1001");
            assertThat(decoded.get("history-end")).containsEntry("roomSequence", "7");
            assertThat(decoded.get("video-receipt")).containsEntry("sequence", "42").containsEntry("sender", "alice");

            // The page knows every error code, and which are notices (not followed by a close), as core does.
            Map<String, Object> codes = (Map<String, Object>) page.page.evaluate("""
                    async () => {
                      const p = await import('/protocol.js');
                      return { codes: { ...p.ErrorCode }, notices: [...p.NOTICES] };
                    }""");
            Map<String, Object> expectedCodes = new LinkedHashMap<>();
            for (ErrorCode code : ErrorCode.values()) {
                expectedCodes.put(code.name(), code.code());
            }
            assertThat((Map<String, Object>) codes.get("codes")).isEqualTo(expectedCodes);
            assertThat((List<Object>) codes.get("notices")).containsExactlyInAnyOrderElementsOf(
                    Arrays.stream(ErrorCode.values()).filter(ErrorCode::isNotice).map(c -> (Object) c.code()).toList());
        }
    }
}
