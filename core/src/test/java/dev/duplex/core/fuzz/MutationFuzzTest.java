package dev.duplex.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.core.internal.protocol.FrameType;
import dev.duplex.core.internal.protocol.Wire;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A seeded mutation fuzzer over valid streams, in every ordinary test run: reproducible (fixed
 * seed), quick, and no substitute for the coverage-guided run of {@link DecoderFuzzTest}, but it
 * keeps every decoder under random bad input on each build. Also checks that the harness itself
 * catches what it should.
 */
class MutationFuzzTest {
    private static final int INPUTS = 30_000;
    private static final byte[] INTERESTING = {0, 1, (byte) 0x7F, (byte) 0x80, (byte) 0xFF, (byte) Wire.MAGIC,
            (byte) FrameType.TEXT.code(), (byte) FrameType.VIDEO.code(), (byte) FrameType.HELLO.code(), '\n', ' ', '9'};

    @Test
    void randomMutationsOfValidStreamsFindNothing() {
        Random random = new Random(20_240_901L);
        List<FuzzSeeds.Named> seeds = FuzzSeeds.all();
        DecoderFuzzer fuzzer = new DecoderFuzzer();
        long start = System.nanoTime();
        int largest = 0;
        for (int i = 0; i < INPUTS; i++) {
            byte[] input = mutate(seeds.get(random.nextInt(seeds.size())).bytes(), seeds, random);
            fuzzer.run(input);
            largest = Math.max(largest, fuzzer.largestAllocation());
        }
        System.out.printf("mutation fuzzing: %d inputs in %d ms, largest allocation %d bytes%n", INPUTS,
                (System.nanoTime() - start) / 1_000_000, largest);
        assertThat(largest).isLessThan(64 * 1024);
    }

    @Test
    void theHarnessCatchesADecoderThatTrustsALengthField() {
        DecoderTarget trusting = DecoderTarget.of("trusting", 64, () -> List.<ChannelHandler>of(new TrustingDecoder()),
                List::of);
        assertThatThrownBy(() -> runAgainst(trusting, new byte[] {0, 0, 0x7F, 0, 0, 0, 1, 2}))
                .isInstanceOf(AssertionError.class).hasMessageContaining("over the bound");
    }

    @Test
    void theHarnessCatchesALeak() {
        DecoderTarget leaking = DecoderTarget.of("leaking", 64, () -> List.<ChannelHandler>of(new LeakingDecoder()),
                List::of);
        assertThatThrownBy(() -> runAgainst(leaking, new byte[] {1, 2, 3}))
                .isInstanceOf(AssertionError.class).hasMessageContaining("not released");
    }

    @Test
    void theHarnessCatchesAnUndocumentedException() {
        DecoderTarget throwing = DecoderTarget.of("throwing", 64, () -> List.<ChannelHandler>of(new ByteToMessageDecoder() {
            @Override
            protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
                in.readLong(); // IndexOutOfBoundsException on short input
            }
        }), List::of);
        assertThatThrownBy(() -> runAgainst(throwing, new byte[] {1, 2, 3}))
                .isInstanceOf(AssertionError.class).hasMessageContaining("undocumented");
    }

    /** Runs a stream against a target that is not in the registry. */
    private static void runAgainst(DecoderTarget target, byte[] stream) {
        new DecoderFuzzer(List.of(target)).run(DecoderFuzzer.input(0, 0, stream));
    }

    private static byte[] mutate(byte[] seed, List<FuzzSeeds.Named> seeds, Random random) {
        byte[] data = seed.clone();
        int rounds = 1 + random.nextInt(4);
        for (int r = 0; r < rounds; r++) {
            int at = 2 + random.nextInt(Math.max(1, data.length - 2));
            switch (random.nextInt(7)) {
                case 0 -> flipBit(data, at, random);
                case 1 -> set(data, at, INTERESTING[random.nextInt(INTERESTING.length)]);
                case 2 -> data = insert(data, at, randomBytes(random, 1 + random.nextInt(16)));
                case 3 -> data = delete(data, at, 1 + random.nextInt(16));
                case 4 -> data = insert(data, at, slice(seeds.get(random.nextInt(seeds.size())).bytes(), random));
                case 5 -> setInt(data, at, random.nextBoolean() ? random.nextInt() : (1 << random.nextInt(31)));
                default -> data[1] = (byte) random.nextInt(8);
            }
        }
        return data;
    }

    private static void flipBit(byte[] data, int at, Random random) {
        if (at < data.length) {
            data[at] ^= (byte) (1 << random.nextInt(8));
        }
    }

    private static void set(byte[] data, int at, byte value) {
        if (at < data.length) {
            data[at] = value;
        }
    }

    private static void setInt(byte[] data, int at, int value) {
        for (int i = 0; i < 4 && at + i < data.length; i++) {
            data[at + i] = (byte) (value >>> (24 - 8 * i));
        }
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static byte[] slice(byte[] seed, Random random) {
        int from = 2 + random.nextInt(Math.max(1, seed.length - 2));
        int to = Math.min(seed.length, from + 1 + random.nextInt(64));
        return java.util.Arrays.copyOfRange(seed, Math.min(from, to), to);
    }

    private static byte[] insert(byte[] data, int at, byte[] extra) {
        int pos = Math.min(at, data.length);
        byte[] out = new byte[data.length + extra.length];
        System.arraycopy(data, 0, out, 0, pos);
        System.arraycopy(extra, 0, out, pos, extra.length);
        System.arraycopy(data, pos, out, pos + extra.length, data.length - pos);
        return out.length > 8192 ? java.util.Arrays.copyOf(out, 8192) : out;
    }

    private static byte[] delete(byte[] data, int at, int n) {
        if (at >= data.length) {
            return data;
        }
        int end = Math.min(data.length, at + n);
        byte[] out = new byte[data.length - (end - at)];
        System.arraycopy(data, 0, out, 0, at);
        System.arraycopy(data, end, out, at, data.length - end);
        return out;
    }

    /** Allocates the length its first four bytes claim: the mistake the allocation bound exists for. */
    private static final class TrustingDecoder extends ByteToMessageDecoder {
        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            if (in.readableBytes() >= 4) {
                ByteBuf frame = ctx.alloc().buffer(in.readInt());
                frame.release();
            }
        }
    }

    /** Keeps a retained slice of its input and never releases it. */
    private static final class LeakingDecoder extends ByteToMessageDecoder {
        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            in.readRetainedSlice(in.readableBytes());
        }
    }
}
