package dev.duplex.video.pipeline;

import java.awt.image.BufferedImage;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Spare decoded pictures for one decoder thread to decode into again, so that a call does not
 * allocate a new {@link BufferedImage} (0.9 MB at 640x480, 2.7 MB at 1280x720: a G1 humongous
 * object) for every frame. A picture comes back only through its {@link Lease}, once, when the
 * display is done with it ({@link DecodedFrame#recycle()}); a display that never gives pictures back
 * simply makes the decoder allocate as before. At most {@code maxSpare} pictures wait here; more are
 * left to the garbage collector. Thread-safe.
 */
public final class ImagePool {
    /** Spare pictures kept by default: the display's current one, one replaced, one in hand. */
    public static final int DEFAULT_MAX_SPARE = 3;

    private final ArrayBlockingQueue<BufferedImage> spare;
    private final LongAdder reused = new LongAdder();
    private final LongAdder allocated = new LongAdder();

    /** @param maxSpare most pictures kept for reuse (expected: &gt; 0) */
    public ImagePool(int maxSpare) {
        if (maxSpare <= 0) {
            throw new IllegalArgumentException("maxSpare: " + maxSpare + " (expected: > 0)");
        }
        this.spare = new ArrayBlockingQueue<>(maxSpare);
    }

    /** A picture of this size and type: a spare one if there is one (its old pixels remain), else a new one. */
    public Lease take(int width, int height, int type) {
        BufferedImage image;
        while ((image = spare.poll()) != null) {
            if (image.getWidth() == width && image.getHeight() == height && image.getType() == type) {
                reused.increment();
                return new Lease(image, this);
            }
            // Another size (the sender changed resolution): left to the garbage collector.
        }
        allocated.increment();
        return new Lease(new BufferedImage(width, height, type), this);
    }

    /** Pictures taken from the spares so far. */
    public long reused() {
        return reused.sum();
    }

    /** Pictures newly allocated so far. */
    public long allocated() {
        return allocated.sum();
    }

    /** Spare pictures waiting now (at most {@code maxSpare}). */
    public int spareCount() {
        return spare.size();
    }

    /**
     * One picture handed out by the pool: given back at most once, however often
     * {@link #giveBack()} is called, so a picture can never be decoded into twice at once.
     */
    public static final class Lease {
        private final AtomicReference<BufferedImage> image;
        private final BufferedImage picture;
        private final ImagePool pool;

        private Lease(BufferedImage image, ImagePool pool) {
            this.image = new AtomicReference<>(image);
            this.picture = image;
            this.pool = pool;
        }

        /** The picture. */
        public BufferedImage image() {
            return picture;
        }

        /** Returns the picture to the pool; nobody may use it afterwards. Idempotent. */
        public void giveBack() {
            BufferedImage value = image.getAndSet(null);
            if (value != null) {
                pool.spare.offer(value);
            }
        }
    }
}
