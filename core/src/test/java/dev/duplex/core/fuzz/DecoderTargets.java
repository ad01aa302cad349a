package dev.duplex.core.fuzz;

import dev.duplex.core.internal.compat.LectureChatDecoder;
import dev.duplex.core.internal.compat.LectureVideoDecoder;
import dev.duplex.core.internal.protocol.Ack;
import dev.duplex.core.internal.protocol.AudioFrame;
import dev.duplex.core.internal.protocol.Bye;
import dev.duplex.core.internal.protocol.ErrorFrame;
import dev.duplex.core.internal.protocol.Frame;
import dev.duplex.core.internal.protocol.FrameCodec;
import dev.duplex.core.internal.protocol.FrameCodecHandler;
import dev.duplex.core.internal.protocol.FrameLengthDecoder;
import dev.duplex.core.internal.protocol.Hello;
import dev.duplex.core.internal.protocol.Ping;
import dev.duplex.core.internal.protocol.Pong;
import dev.duplex.core.internal.protocol.Presence;
import dev.duplex.core.internal.protocol.TextFrame;
import dev.duplex.core.internal.protocol.VideoFrame;
import dev.duplex.core.internal.protocol.VideoReceipt;
import dev.duplex.core.internal.protocol.Welcome;
import dev.duplex.core.internal.protocol.Wire;
import dev.duplex.core.protocol.ErrorCode;
import dev.duplex.core.protocol.FrameLimits;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelHandler;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Every decoder that reads bytes from the network, as fuzz targets. Add new decoders here. */
final class DecoderTargets {
    /** Small limits, so that fuzz inputs (a few KiB) reach both whole frames and FRAME_TOO_LARGE. */
    static final FrameLimits DUPLEX_LIMITS = new FrameLimits(1024, 1024, 2048, 1600);
    static final int LECTURE_VIDEO_MAX = 2048;

    /** The duplex framer and decoder; every decoded frame must survive encode and decode unchanged. */
    static final DecoderTarget DUPLEX = new DecoderTarget() {
        @Override
        public String name() {
            return "duplex frames";
        }

        @Override
        public List<ChannelHandler> newHandlers() {
            return List.of(new FrameLengthDecoder(DUPLEX_LIMITS), FrameCodecHandler.INSTANCE);
        }

        @Override
        public int maxFrameLength() {
            return Wire.maxFrameLength(DUPLEX_LIMITS);
        }

        @Override
        public List<byte[]> seeds() {
            return duplexSeeds();
        }

        @Override
        public void check(Object decoded, BoundedAllocator alloc) {
            if (!(decoded instanceof Frame frame)) {
                throw new AssertionError("decoded " + decoded.getClass() + ", not a Frame");
            }
            ByteBuf encoded = FrameCodec.encode(frame, alloc);
            try {
                Frame again = FrameCodec.decode(encoded);
                try {
                    if (!sameFrame(frame, again)) {
                        throw new AssertionError("round trip changed " + frame + " into " + again);
                    }
                } finally {
                    io.netty.util.ReferenceCountUtil.release(again);
                }
            } finally {
                encoded.release();
            }
        }
    };

    /**
     * The framer as the relay and its clients use it (a TEXT, VIDEO or AUDIO over the limit is skipped,
     * the frames after it decoded); the same checks as {@link #DUPLEX}, with an oversized TEXT and an
     * oversized AUDIO among the seeds.
     */
    static final DecoderTarget DUPLEX_SKIPPING = new DecoderTarget() {
        @Override
        public String name() {
            return "duplex frames, oversized media skipped";
        }

        @Override
        public List<ChannelHandler> newHandlers() {
            return List.of(FrameLengthDecoder.skippingOversizedMedia(DUPLEX_LIMITS), FrameCodecHandler.INSTANCE);
        }

        @Override
        public int maxFrameLength() {
            return Wire.maxFrameLength(DUPLEX_LIMITS);
        }

        @Override
        public List<byte[]> seeds() {
            List<byte[]> seeds = new ArrayList<>(duplexSeeds());
            ByteBuf big = FrameCodec.encode(new TextFrame(7, 0, 0, "", "", "x".repeat(DUPLEX_LIMITS.maxTextPayload())),
                    UnpooledByteBufAllocator.DEFAULT);
            AudioFrame loud = new AudioFrame(3, 0, "", Unpooled.wrappedBuffer(new byte[DUPLEX_LIMITS.maxAudioPayload()]));
            ByteBuf bigAudio = FrameCodec.encode(loud, UnpooledByteBufAllocator.DEFAULT);
            loud.release();
            ByteBuf after = FrameCodec.encode(new Ping(1), UnpooledByteBufAllocator.DEFAULT);
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (ByteBuf part : List.of(big, bigAudio, after)) {
                all.writeBytes(ByteBufUtil.getBytes(part));
                part.release();
            }
            seeds.add(all.toByteArray());
            return seeds;
        }

        @Override
        public void check(Object decoded, BoundedAllocator alloc) {
            DUPLEX.check(decoded, alloc);
        }
    };

    static final DecoderTarget LECTURE_CHAT = DecoderTarget.of("lecture chat", 1024,
            () -> List.of(new LectureChatDecoder(1000, "peer")),
            () -> List.of("hello\n".getBytes(StandardCharsets.UTF_8),
                    "안녕하세요 👋\r\nsecond line\nno newline".getBytes(StandardCharsets.UTF_8),
                    new byte[] {(byte) 0xE2, (byte) 0x82, '\n', (byte) 0xFF, 'a'}));

    static final DecoderTarget LECTURE_VIDEO = new DecoderTarget() {
        @Override
        public String name() {
            return "lecture video";
        }

        @Override
        public List<ChannelHandler> newHandlers() {
            return List.of(new LectureVideoDecoder(LECTURE_VIDEO_MAX, "peer"));
        }

        @Override
        public int maxFrameLength() {
            return LectureVideoDecoder.HEADER_LENGTH + LECTURE_VIDEO_MAX;
        }

        @Override
        public List<byte[]> seeds() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int n : new int[] {4, 300, 1}) {
                out.writeBytes(String.format("%-16d", n).getBytes(StandardCharsets.US_ASCII));
                out.writeBytes(new byte[n]);
            }
            return List.of(out.toByteArray(), "12              abc".getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public void check(Object decoded, BoundedAllocator alloc) {
            VideoFrame video = (VideoFrame) decoded;
            if (video.jpeg().readableBytes() > LECTURE_VIDEO_MAX || video.jpeg().readableBytes() == 0) {
                throw new AssertionError("lecture video frame of " + video.jpeg().readableBytes() + " bytes");
            }
        }
    };

    /** The targets, in the order the first input byte selects them. */
    static final List<DecoderTarget> ALL = List.of(DUPLEX, LECTURE_CHAT, LECTURE_VIDEO, DUPLEX_SKIPPING);

    private DecoderTargets() {
    }

    private static boolean sameFrame(Frame a, Frame b) {
        if (a instanceof VideoFrame va && b instanceof VideoFrame vb) {
            return va.sequence() == vb.sequence() && va.captureTimeMicros() == vb.captureTimeMicros()
                    && va.width() == vb.width() && va.height() == vb.height() && va.sender().equals(vb.sender())
                    && ByteBufUtil.equals(va.jpeg(), vb.jpeg());
        }
        if (a instanceof AudioFrame aa && b instanceof AudioFrame ab) {
            return aa.sequence() == ab.sequence() && aa.captureTimeMicros() == ab.captureTimeMicros()
                    && aa.sender().equals(ab.sender()) && ByteBufUtil.equals(aa.opus(), ab.opus());
        }
        return a.equals(b);
    }

    private static List<byte[]> duplexSeeds() {
        List<Frame> frames = List.of(
                new Hello(1, 3 | Hello.CAP_AUDIO, "alice", "lobby", Map.of("secret", "s3cr3t")), // one attribute: Map order varies by JVM
                new Welcome(1, 3, "alice", "lobby", 5000, 1_700_000_000_000_000L, 42L),
                new Presence(Presence.Kind.SNAPSHOT, "lobby", List.of("bob", "alice")),
                new TextFrame(1001, 7, 1_700_000_000_000_000L, "alice", "lobby", "hi 👋 안녕"),
                new Ack(1001, 7),
                new VideoReceipt(42, "alice"),
                new Ping(123), new Pong(123, 456),
                new ErrorFrame(ErrorCode.RATE_LIMITED, "slow down"),
                new Bye("bye"),
                new AudioFrame(9, 1_700_000_000_000_000L, "alice", Unpooled.wrappedBuffer(new byte[] {0x78, 1, 2, 3})),
                new VideoFrame(42, 1_700_000_000_000_000L, 640, 480, "alice",
                        Unpooled.wrappedBuffer(new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, (byte) 0xFF, (byte) 0xD9})));
        List<byte[]> seeds = new ArrayList<>();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (Frame f : frames) {
            ByteBuf b = FrameCodec.encode(f, UnpooledByteBufAllocator.DEFAULT);
            byte[] bytes = ByteBufUtil.getBytes(b);
            b.release();
            seeds.add(bytes);
            all.writeBytes(bytes);
        }
        frames.forEach(io.netty.util.ReferenceCountUtil::release);
        seeds.add(all.toByteArray());
        return seeds;
    }
}
