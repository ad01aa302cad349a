package dev.duplex.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.core.internal.protocol.Ack;
import dev.duplex.core.internal.protocol.AudioFrame;
import dev.duplex.core.internal.protocol.Bye;
import dev.duplex.core.internal.protocol.ErrorFrame;
import dev.duplex.core.internal.protocol.Frame;
import dev.duplex.core.internal.protocol.FrameCodec;
import dev.duplex.core.internal.protocol.Hello;
import dev.duplex.core.internal.protocol.HistoryEnd;
import dev.duplex.core.internal.protocol.Ping;
import dev.duplex.core.internal.protocol.Pong;
import dev.duplex.core.internal.protocol.Presence;
import dev.duplex.core.internal.protocol.TextFrame;
import dev.duplex.core.internal.protocol.VideoFrame;
import dev.duplex.core.internal.protocol.VideoReceipt;
import dev.duplex.core.internal.protocol.Welcome;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps PROTOCOL.md honest: every hex dump in it, marked {@code <!-- frame: NAME -->}, must be
 * exactly what the codec writes for the example frame of that name, and must decode back to it.
 */
class ProtocolDocTest {
    static final long T = 1_764_000_000_000_000L; // 2025-11-24T16:00:00Z in microseconds

    /** The frames PROTOCOL.md shows, by name. */
    static Map<String, Frame> examples() {
        Map<String, Frame> m = new LinkedHashMap<>();
        m.put("hello", new Hello(1, Hello.CAP_TEXT | Hello.CAP_VIDEO, "alice", "lobby", Map.of()));
        m.put("welcome", new Welcome(1, Hello.CAP_TEXT | Hello.CAP_VIDEO, "alice", "lobby", 5000, T, 0x1122334455667788L));
        m.put("presence", new Presence(Presence.Kind.SNAPSHOT, "lobby", List.of("bob", "alice")));
        m.put("text-sent", new TextFrame(1001, 0, T, "alice", "lobby", "hi 👋"));
        m.put("text-relayed", new TextFrame(1001, 7, T + 1500, "alice", "lobby", "hi 👋"));
        m.put("ack", new Ack(1001, 7));
        m.put("video-receipt", new VideoReceipt(42, "alice"));
        m.put("video", new VideoFrame(42, T, 640, 480, "alice",
                Unpooled.wrappedBuffer(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9})));
        m.put("audio", new AudioFrame(7, T, "alice", Unpooled.wrappedBuffer(new byte[] {0x78, 0x0a, 0x0b, 0x0c})));
        m.put("hello-audio", new Hello(1, Hello.CAP_TEXT | Hello.CAP_VIDEO | Hello.CAP_AUDIO, "alice", "lobby", Map.of()));
        m.put("ping", new Ping(T));
        m.put("pong", new Pong(T, T + 250));
        m.put("error", new ErrorFrame(ErrorCode.NICKNAME_TAKEN, "Nickname taken."));
        m.put("error-about-text", new ErrorFrame(ErrorCode.TOO_LARGE_TO_RELAY, "Too large.", 1001));
        m.put("history-end", new HistoryEnd(7));
        m.put("bye", new Bye(""));
        return m;
    }

    static String hex(Frame frame) {
        ByteBuf b = FrameCodec.encode(frame, UnpooledByteBufAllocator.DEFAULT);
        try {
            return ByteBufUtil.hexDump(b).replaceAll("(..)(?!$)", "$1 ");
        } finally {
            b.release();
        }
    }

    @Test
    void everyHexDumpInProtocolMdIsWhatTheCodecWrites() throws IOException {
        String doc = Files.readString(findDoc());
        Map<String, Frame> examples = examples();
        Matcher m = Pattern.compile("<!-- frame: ([a-z-]+) -->\\s*```\\s*\\n([0-9a-f \\n]+)```").matcher(doc);
        int checked = 0;
        while (m.find()) {
            String name = m.group(1);
            Frame frame = examples.get(name);
            assertThat(frame).as("example frame '%s' named in PROTOCOL.md", name).isNotNull();
            String documented = m.group(2).trim().replaceAll("\\s+", " ");
            assertThat(documented).as("hex dump of '%s'", name).isEqualTo(hex(frame));
            ByteBuf bytes = Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(documented.replace(" ", "")));
            Frame decoded = FrameCodec.decode(bytes);
            if (frame instanceof ByteBufHolder holder) {
                assertThat(decoded.toString()).isEqualTo(frame.toString());
                assertThat(ByteBufUtil.equals(((ByteBufHolder) decoded).content(), holder.content())).isTrue();
                ReferenceCountUtil.release(decoded);
            } else {
                assertThat(decoded).isEqualTo(frame);
            }
            checked++;
        }
        examples.values().forEach(ReferenceCountUtil::release);
        assertThat(checked).as("hex dumps checked").isEqualTo(examples.size());
    }

    private static Path findDoc() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("PROTOCOL.md"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("PROTOCOL.md above " + Path.of("").toAbsolutePath()).isNotNull();
        return dir.resolve("PROTOCOL.md");
    }

    /** Prints the dumps, for writing PROTOCOL.md. */
    public static void main(String[] args) {
        examples().forEach((name, frame) -> System.out.println(name + ": " + hex(frame)));
    }
}
