package dev.duplex.core.internal.protocol;

import dev.duplex.core.protocol.ErrorCode;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** One frame of every type, with non-trivial field values (Korean, emoji, extremes). */
final class SampleFrames {
    private SampleFrames() {
    }

    /** Frames without reference-counted content. */
    static List<Frame> plain() {
        return List.of(
                new Hello(Wire.PROTOCOL_VERSION, Hello.CAP_TEXT | Hello.CAP_VIDEO, "민수", "강의실",
                        Map.of("resume", "42")),
                new Welcome(Wire.PROTOCOL_VERSION, 3, "민수", "강의실", 5000, 1_700_000_000_000_000L, -7L),
                new Bye("잘 가요"),
                new Ping(-1L),
                new Pong(1234L, Long.MAX_VALUE),
                new ErrorFrame(ErrorCode.NICKNAME_TAKEN, "The nickname 'bob' is taken."),
                new Presence(Presence.Kind.SNAPSHOT, "lobby", List.of("alice", "bob", "철수")),
                new Ack(7L, 99L),
                new VideoReceipt(Long.MAX_VALUE, "철수"),
                new TextFrame(1L, 2L, 3L, "alice", "lobby", "안녕하세요 👋 hello"),
                new TextFrame(0L, 0L, 0L, "", "", ""));
    }

    static VideoFrame video() {
        byte[] jpeg = "\u00ff\u00d8fake-jpeg-bytes\u00ff\u00d9".getBytes(StandardCharsets.ISO_8859_1);
        return new VideoFrame(5L, 1_700_000_000_123_456L, 640, 480, "bob", Unpooled.wrappedBuffer(jpeg));
    }
}
