package dev.duplex.core.fuzz;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Runs one fuzz input against one decoder target and checks what must hold for any input:
 * <ul>
 *   <li>no exception escapes but the documented decoding errors
 *       ({@link DecoderTarget#isDocumentedFailure}), counting every exception, not only the first;</li>
 *   <li>no single allocation is larger than twice the bigger of the input and the largest frame
 *       ({@link BoundedAllocator}): a length field is never trusted to size a buffer;</li>
 *   <li>every buffer allocated is released when the channel is done (no leak);</li>
 *   <li>each decoded message passes the target's own check (for duplex frames: a round trip).</li>
 * </ul>
 * Input layout:
 * <pre>
 * +--------+----------+----------------------------+
 * | target | chunking | bytes fed to the decoders  |
 * +--------+----------+----------------------------+
 *   u8 (mod number of targets)
 *            u8: 0 = all at once, n = pieces of 1..2n bytes (sizes from a fixed sequence)
 * </pre>
 * A finding is an {@link AssertionError} naming the target and the input in hex. Not thread-safe.
 */
final class DecoderFuzzer {
    private final BoundedAllocator alloc = new BoundedAllocator();
    private final List<DecoderTarget> targets;

    /** A fuzzer over {@link DecoderTargets#ALL}. */
    DecoderFuzzer() {
        this(DecoderTargets.ALL);
    }

    DecoderFuzzer(List<DecoderTarget> targets) {
        this.targets = List.copyOf(targets);
    }

    /** The input for {@code target} fed {@code chunking}-wise (see the class comment), for seeds. */
    static byte[] input(int targetIndex, int chunking, byte[] stream) {
        byte[] input = new byte[stream.length + 2];
        input[0] = (byte) targetIndex;
        input[1] = (byte) chunking;
        System.arraycopy(stream, 0, input, 2, stream.length);
        return input;
    }

    /** Runs one input; throws AssertionError on a finding. */
    void run(byte[] input) {
        if (input.length < 2) {
            return;
        }
        DecoderTarget target = targets.get((input[0] & 0xFF) % targets.size());
        int chunking = input[1] & 0xFF;
        int length = input.length - 2;
        alloc.reset(2 * Math.max(length, target.maxFrameLength()) + 256);
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.config().setAllocator(alloc);
        for (ChannelHandler h : target.newHandlers()) {
            ch.pipeline().addLast(h);
        }
        ExceptionCollector errors = new ExceptionCollector();
        ch.pipeline().addLast(errors);
        try {
            feed(target, ch, errors, input, chunking);
            List<ByteBuf> leaked = alloc.unreleased();
            if (!leaked.isEmpty()) {
                throw finding(target, input, leaked.size() + " buffer(s) not released", null);
            }
        } catch (AssertionError e) {
            quietlyFinish(ch);
            alloc.releaseAll();
            throw e;
        }
    }

    private void feed(DecoderTarget target, EmbeddedChannel ch, ExceptionCollector errors, byte[] input,
                      int chunking) {
        int offset = 2;
        int step = 0;
        boolean failed = false;
        try {
            while (offset < input.length && !failed) {
                int size = chunking == 0 ? input.length - offset
                        : Math.min(input.length - offset, 1 + (step++ * 7919 + chunking) % (2 * chunking));
                ByteBuf piece = alloc.heapBuffer(size).writeBytes(input, offset, size);
                offset += size;
                ch.writeInbound(piece);
                failed = classify(target, input, errors);
                drain(target, ch, input);
            }
            ch.finish();
            classify(target, input, errors);
            drain(target, ch, input);
        } finally {
            quietlyFinish(ch);
        }
    }

    /**
     * Checks every exception raised since the last call: true if there was a documented decoding
     * error (a real connection would now be closed), a finding for anything else.
     */
    private static boolean classify(DecoderTarget target, byte[] input, ExceptionCollector errors) {
        boolean failed = false;
        for (Throwable t : errors.takeAll()) {
            if (!target.isDocumentedFailure(t)) {
                throw finding(target, input, "undocumented " + t, t);
            }
            failed = true;
        }
        return failed;
    }

    private void drain(DecoderTarget target, EmbeddedChannel ch, byte[] input) {
        for (Object out; (out = ch.readInbound()) != null; ) {
            try {
                target.check(out, alloc);
            } catch (AssertionError | RuntimeException e) {
                throw finding(target, input, "decoded message failed its check: " + e.getMessage(), e);
            } finally {
                ReferenceCountUtil.release(out);
            }
        }
    }

    /** Closes the channel and releases what it holds, after a finding or when done. */
    private static void quietlyFinish(EmbeddedChannel ch) {
        try {
            ch.finishAndReleaseAll();
        } catch (RuntimeException ignored) {
            // Already classified: exceptions reach the collector, not the channel.
        }
    }

    private static AssertionError finding(DecoderTarget target, byte[] input, String what, Throwable cause) {
        String hex = HexFormat.of().formatHex(input, 0, Math.min(input.length, 512))
                + (input.length > 512 ? "... (" + input.length + " bytes)" : "");
        return new AssertionError(target.name() + ": " + what + "\ninput: " + hex, cause);
    }

    /** The largest allocation of the last run, for reports. */
    int largestAllocation() {
        return alloc.largest();
    }

    /** Last handler: keeps every exception (EmbeddedChannel would keep the first and log the others). */
    private static final class ExceptionCollector extends ChannelInboundHandlerAdapter {
        private final List<Throwable> caught = new ArrayList<>();

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            caught.add(cause);
        }

        List<Throwable> takeAll() {
            List<Throwable> all = List.copyOf(caught);
            caught.clear();
            return all;
        }
    }
}
