package dev.duplex.video.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** Pictures given back by the display are decoded into again; the spares are bounded. */
class ImagePoolTest {
    private static final int BGR = BufferedImage.TYPE_3BYTE_BGR;

    @Test
    void aPictureGivenBackIsHandedOutAgain() {
        ImagePool pool = new ImagePool(2);
        ImagePool.Lease first = pool.take(4, 3, BGR);
        first.giveBack();
        ImagePool.Lease second = pool.take(4, 3, BGR);
        assertThat(second.image()).isSameAs(first.image());
        assertThat(pool.reused()).isEqualTo(1);
        assertThat(pool.allocated()).isEqualTo(1);
    }

    @Test
    void givingBackTwiceDoesNotHandOutOnePictureTwice() {
        ImagePool pool = new ImagePool(2);
        ImagePool.Lease lease = pool.take(4, 3, BGR);
        lease.giveBack();
        lease.giveBack();
        assertThat(pool.spareCount()).isEqualTo(1);
        assertThat(pool.take(4, 3, BGR).image()).isNotSameAs(pool.take(4, 3, BGR).image());
    }

    @Test
    void sparesAreBoundedAndOtherSizesAreNotReused() {
        ImagePool pool = new ImagePool(2);
        for (int i = 0; i < 5; i++) {
            pool.take(4, 3, BGR).giveBack();
        }
        ImagePool.Lease a = pool.take(4, 3, BGR);
        ImagePool.Lease b = pool.take(4, 3, BGR);
        ImagePool.Lease c = pool.take(4, 3, BGR);
        a.giveBack();
        b.giveBack();
        c.giveBack();
        assertThat(pool.spareCount()).as("maxSpare").isEqualTo(2);
        ImagePool.Lease bigger = pool.take(8, 6, BGR);
        assertThat(bigger.image().getWidth()).isEqualTo(8);
        assertThat(pool.spareCount()).as("the wrong-size spares were dropped").isZero();
    }

    @Test
    void maxSpareMustBePositive() {
        assertThatThrownBy(() -> new ImagePool(0)).hasMessageContaining("maxSpare: 0 (expected: > 0)");
    }

    @Test
    void aFrameWithoutALeaseIgnoresRecycle() {
        DecodedFrame frame = new DecodedFrame("bob", 1, 0, 0, 0, new BufferedImage(4, 3, BGR), 4, 3, 10);
        frame.recycle();
        assertThat(frame.lease()).isNull();
    }
}
