package dev.duplex.bench.video;

import dev.duplex.core.session.VideoMessage;
import dev.duplex.video.codec.EncodeSettings;
import dev.duplex.video.codec.JpegEncoder;
import dev.duplex.video.pipeline.JpegFrameDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;
import org.HdrHistogram.Histogram;

/**
 * What the codec allows on this machine, with the operations the video pipeline runs: encode =
 * video-app's {@code JpegEncoder} ({@code imencode}, quality as given); decode = its
 * {@code JpegFrameDecoder} ({@code imdecode} plus the copy into a BufferedImage that is painted).
 */
final class CodecLimit {
    /** Rates and per-frame times (microseconds) of one measurement. */
    record Rates(double encodeFps, double decodeFps, Histogram encodeMicros, Histogram decodeMicros) {
        double encodeMeanMs() {
            return encodeMicros.getMean() / 1000;
        }

        double decodeMeanMs() {
            return decodeMicros.getMean() / 1000;
        }
    }

    private CodecLimit() {
    }

    /** One thread encoding for {@code seconds}, then one thread decoding for {@code seconds}. */
    static Rates singleThread(PrerenderedFrames frames, int quality, double seconds) {
        Histogram enc = new Histogram(3);
        Histogram dec = new Histogram(3);
        double encodeFps = encodeLoop(frames, quality, seconds, enc, new AtomicLong());
        double decodeFps = decodeLoop(frames, seconds, dec, new AtomicLong());
        return new Rates(encodeFps, decodeFps, enc, dec);
    }

    /**
     * The codec as a call runs it: one thread encoding a frame and decoding the JPEG at
     * {@code fps}, sleeping between frames: a tight loop may keep the codec's code and data in the
     * core's caches, where a call leaves them to other work for most of each frame interval.
     */
    static Rates paced(PrerenderedFrames frames, int quality, int fps, double seconds) {
        JpegEncoder encoder = new JpegEncoder();
        JpegFrameDecoder decoder = new JpegFrameDecoder();
        EncodeSettings settings = new EncodeSettings(quality, 1);
        Histogram enc = new Histogram(3);
        Histogram dec = new Histogram(3);
        long interval = 1_000_000_000L / fps;
        long start = System.nanoTime();
        long n = 0;
        for (long tick = start; tick < start + (long) (seconds * 1e9); tick += interval, n++) {
            LockSupport.parkNanos(tick - System.nanoTime());
            long t0 = System.nanoTime();
            byte[] jpeg = encoder.encode(frames.image(n), settings).bytes();
            long t1 = System.nanoTime();
            decoder.decode(new VideoMessage("bench", n, 0, frames.width(), frames.height(), jpeg, 0));
            long t2 = System.nanoTime();
            enc.recordValue((t1 - t0) / 1000);
            dec.recordValue((t2 - t1) / 1000);
        }
        double wall = (System.nanoTime() - start) / 1e9;
        return new Rates(n / wall, n / wall, enc, dec);
    }

    /**
     * What each encode and decode takes when two run at the same instant, as the two peers' codecs do
     * in a call whose cameras tick in phase on one machine: two threads encoding at once for
     * {@code seconds}, then two decoding at once. Rates are per thread.
     */
    static Rates twoAtOnce(PrerenderedFrames frames, int quality, double seconds) throws InterruptedException {
        Histogram[] enc = {new Histogram(3), new Histogram(3)};
        Histogram[] dec = {new Histogram(3), new Histogram(3)};
        AtomicLong encoded = new AtomicLong();
        AtomicLong decoded = new AtomicLong();
        double encodeWall = inTwoThreads(i -> encodeLoop(frames, quality, seconds, enc[i], encoded));
        double decodeWall = inTwoThreads(i -> decodeLoop(frames, seconds, dec[i], decoded));
        enc[0].add(enc[1]);
        dec[0].add(dec[1]);
        return new Rates(encoded.get() / encodeWall / 2, decoded.get() / decodeWall / 2, enc[0], dec[0]);
    }

    /** Runs {@code loop} (given 0 or 1) on two threads started together; returns the wall time in seconds. */
    private static double inTwoThreads(IntConsumer loop) throws InterruptedException {
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            int index = i;
            threads.add(new Thread(() -> {
                await(go);
                loop.accept(index);
            }, "codec-two-at-once-" + i));
        }
        threads.forEach(Thread::start);
        long t0 = System.nanoTime();
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /**
     * The full-duplex codec limit without any network, measured: two encode → decode pipelines at
     * once (what the two sides of a 1:1 call run), each an encoder thread handing every JPEG to its
     * own decoder thread through a blocking hand-off of one, so no encoded frame is wasted and each
     * stage waits for the other as a perfectly flow-controlled call would. Rates are per pipeline
     * (per direction): frames encoded and decoded per second, averaged over both pipelines.
     */
    static Rates fullDuplex(PrerenderedFrames frames, int quality, double seconds) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        AtomicLong encoded = new AtomicLong();
        AtomicLong decoded = new AtomicLong();
        Histogram enc = new Histogram(3);
        Histogram dec = new Histogram(3);
        CountDownLatch go = new CountDownLatch(1);
        long[] window = new long[2];
        for (int i = 0; i < 2; i++) {
            // The bounded hand-off of each pipeline: the encoder blocks while its decoder has a frame waiting.
            BlockingQueue<byte[]> handOff = new ArrayBlockingQueue<>(1);
            threads.add(new Thread(() -> {
                await(go);
                JpegEncoder encoder = new JpegEncoder();
                EncodeSettings settings = new EncodeSettings(quality, 1);
                Histogram h = new Histogram(3);
                long end = window[1];
                try {
                    for (long n = 0; System.nanoTime() < end; n++) {
                        long t0 = System.nanoTime();
                        byte[] jpeg = encoder.encode(frames.image(n), settings).bytes();
                        h.recordValue((System.nanoTime() - t0) / 1000);
                        encoded.incrementAndGet();
                        while (!handOff.offer(jpeg, 10, TimeUnit.MILLISECONDS)) {
                            if (System.nanoTime() >= end) {
                                return;
                            }
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    synchronized (enc) {
                        enc.add(h);
                    }
                }
            }, "codec-limit-encoder-" + i));
            threads.add(new Thread(() -> {
                await(go);
                JpegFrameDecoder decoder = new JpegFrameDecoder();
                Histogram h = new Histogram(3);
                long end = window[1];
                try {
                    for (long n = 0; System.nanoTime() < end; n++) {
                        byte[] jpeg = handOff.poll(10, TimeUnit.MILLISECONDS);
                        if (jpeg == null) {
                            continue;
                        }
                        long t0 = System.nanoTime();
                        decoder.decode(new VideoMessage("bench", n, 0, frames.width(), frames.height(), jpeg, 0));
                        h.recordValue((System.nanoTime() - t0) / 1000);
                        decoded.incrementAndGet();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    synchronized (dec) {
                        dec.add(h);
                    }
                }
            }, "codec-limit-decoder-" + i));
        }
        window[0] = System.nanoTime();
        window[1] = window[0] + (long) (seconds * 1e9);
        threads.forEach(Thread::start);
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        double wall = (System.nanoTime() - window[0]) / 1e9;
        return new Rates(encoded.get() / wall / 2, decoded.get() / wall / 2, enc, dec);
    }

    private static double encodeLoop(PrerenderedFrames frames, int quality, double seconds, Histogram times,
                                     AtomicLong count) {
        JpegEncoder encoder = new JpegEncoder();
        EncodeSettings settings = new EncodeSettings(quality, 1);
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long n = 0;
        long start = System.nanoTime();
        long now = start;
        while (now < end) {
            encoder.encode(frames.image(n), settings);
            long after = System.nanoTime();
            times.recordValue((after - now) / 1000);
            now = after;
            n++;
        }
        count.addAndGet(n);
        return n / ((now - start) / 1e9);
    }

    private static double decodeLoop(PrerenderedFrames frames, double seconds, Histogram times, AtomicLong count) {
        JpegFrameDecoder decoder = new JpegFrameDecoder();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long n = 0;
        long start = System.nanoTime();
        long now = start;
        while (now < end) {
            decoder.decode(new VideoMessage("bench", n, 0, frames.width(), frames.height(), frames.jpeg(n), 0));
            long after = System.nanoTime();
            times.recordValue((after - now) / 1000);
            now = after;
            n++;
        }
        count.addAndGet(n);
        return n / ((now - start) / 1e9);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
