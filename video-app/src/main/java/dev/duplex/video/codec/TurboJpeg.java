package dev.duplex.video.codec;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.NativeLongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.lang.ref.Cleaner;
import java.util.function.Supplier;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libjpeg-turbo's TurboJPEG API from the system's {@code libturbojpeg} (Debian: {@code libturbojpeg0}),
 * called through JNA, when the machine has it. The libjpeg-turbo inside {@code org.bytedeco:opencv} is
 * built without its SIMD code ({@code cv::getBuildInformation()}: "SIMD Support Request: NO"); the
 * system's has it. On the benchmark machine, 640x480 at quality 90, 4:2:0: 0.9 ms to encode against
 * 2.8 ms without SIMD, 1.0 ms to decode against 1.9 ms (BENCHMARKS.md, section 2). Same format, same
 * quality and chroma subsampling as OpenCV's {@code imencode}.
 *
 * <p>Where the library is missing (Windows, macOS, a Linux without the package) or
 * {@code -Dduplex.video.turbojpeg=false} is set, {@link #compressor()} and {@link #decompressor()}
 * return null and the codec uses OpenCV.
 */
final class TurboJpeg {
    private static final Logger log = LoggerFactory.getLogger(TurboJpeg.class);
    private static final int TJPF_BGR = 1;
    private static final int TJSAMP_420 = 2;
    private static final int TJFLAG_NOREALLOC = 1024;
    private static final int TJERR_WARNING = 0;
    private static final Cleaner CLEANER = Cleaner.create();
    private static final Lib LIB = load();

    /** The functions of {@code turbojpeg.h} (TurboJPEG 2.x API) that duplex calls. */
    interface Lib extends Library {
        Pointer tjInitCompress();

        Pointer tjInitDecompress();

        int tjDestroy(Pointer handle);

        NativeLong tjBufSize(int width, int height, int subsamp);

        int tjCompress2(Pointer handle, Pointer src, int width, int pitch, int height, int pixelFormat,
                        PointerByReference jpegBuf, NativeLongByReference jpegSize, int subsamp, int quality, int flags);

        int tjDecompressHeader3(Pointer handle, byte[] jpeg, NativeLong size, IntByReference width,
                                IntByReference height, IntByReference subsamp, IntByReference colorspace);

        int tjDecompress2(Pointer handle, byte[] jpeg, NativeLong size, Pointer dst, int width, int pitch, int height,
                          int pixelFormat, int flags);

        String tjGetErrorStr2(Pointer handle);

        int tjGetErrorCode(Pointer handle);
    }

    private TurboJpeg() {
    }

    private static Lib load() {
        if (!Boolean.parseBoolean(System.getProperty("duplex.video.turbojpeg", "true"))) {
            log.info("JPEG codec: OpenCV (libjpeg-turbo without SIMD); the system's libturbojpeg is off "
                    + "(-Dduplex.video.turbojpeg=false).");
            return null;
        }
        try {
            Lib lib = Native.load("turbojpeg", Lib.class);
            Pointer probe = lib.tjInitCompress();
            if (probe == null) {
                throw new IllegalStateException("tjInitCompress returned null");
            }
            lib.tjDestroy(probe);
            log.info("JPEG codec: the system's libturbojpeg (libjpeg-turbo with SIMD).");
            return lib;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            log.info("JPEG codec: OpenCV (libjpeg-turbo without SIMD); no system libturbojpeg ({}).", e.getMessage());
            return null;
        }
    }

    /** True if frames are encoded and decoded by the system's libturbojpeg. */
    static boolean available() {
        return LIB != null;
    }

    /** A new compressor, or null when the library is not available. */
    static Compressor compressor() {
        return LIB == null ? null : new Compressor(LIB);
    }

    /** A new decompressor, or null when the library is not available. */
    static Decompressor decompressor() {
        return LIB == null ? null : new Decompressor(LIB);
    }

    /**
     * A TurboJPEG handle, destroyed when its owner is unreachable (or replaced, {@link #renew});
     * calls on it are serialized.
     */
    private abstract static class Handle {
        final Lib lib;
        private final Supplier<Pointer> init;
        private final NativeHandle handle;

        /** The native handle, for the Cleaner: it must not refer to the {@link Handle} itself. */
        private static final class NativeHandle implements Runnable {
            private final Lib lib;
            private volatile Pointer pointer;

            NativeHandle(Lib lib, Pointer pointer) {
                this.lib = lib;
                this.pointer = pointer;
            }

            @Override
            public void run() {
                lib.tjDestroy(pointer);
            }
        }

        Handle(Lib lib, Supplier<Pointer> init) {
            this.lib = lib;
            this.init = init;
            this.handle = new NativeHandle(lib, create(lib, init));
            CLEANER.register(this, handle);
        }

        private static Pointer create(Lib lib, Supplier<Pointer> init) {
            Pointer pointer = init.get();
            if (pointer == null) {
                throw new IllegalStateException("libturbojpeg could not create a handle: " + lib.tjGetErrorStr2(null));
            }
            return pointer;
        }

        Pointer handle() {
            return handle.pointer;
        }

        /**
         * Replaces the native handle with a new one. After a fatal error (a damaged Huffman table,
         * say) libturbojpeg's decompressor can stay in a state that refuses every later frame, so a
         * peer's one damaged frame would stop its picture for good.
         */
        void renew() {
            Pointer fresh = create(lib, init);
            Pointer old = handle.pointer;
            handle.pointer = fresh;
            lib.tjDestroy(old);
        }
    }

    /** Compresses BGR images; keeps one output buffer of the largest size a JPEG of the last size can take. */
    static final class Compressor extends Handle {
        private Memory out;
        private int outWidth;
        private int outHeight;

        private Compressor(Lib lib) {
            super(lib, lib::tjInitCompress);
        }

        /** True if {@code image} is one this compressor takes (8-bit BGR). */
        static boolean accepts(Mat image) {
            return image.type() == CV_8UC3;
        }

        /** JPEG bytes of {@code image} (8-bit BGR, see {@link #accepts}) at {@code quality}, 4:2:0. */
        synchronized byte[] compress(Mat image, int quality) {
            int width = image.cols();
            int height = image.rows();
            if (out == null || width != outWidth || height != outHeight) {
                out = new Memory(lib.tjBufSize(width, height, TJSAMP_420).longValue());
                outWidth = width;
                outHeight = height;
            }
            PointerByReference buffer = new PointerByReference(out);
            NativeLongByReference size = new NativeLongByReference(new NativeLong(out.size()));
            Pointer pixels = new Pointer(image.data().address());
            if (lib.tjCompress2(handle(), pixels, width, (int) image.step(), height, TJPF_BGR, buffer, size, TJSAMP_420,
                    quality, TJFLAG_NOREALLOC) != 0) {
                throw new IllegalStateException("libturbojpeg could not encode a " + width + "x" + height
                        + " image: " + lib.tjGetErrorStr2(handle()));
            }
            return out.getByteArray(0, (int) size.getValue().longValue());
        }
    }

    /** Decompresses JPEG bytes into new BGR images, refusing pictures larger than a bound. */
    static final class Decompressor extends Handle {
        private Decompressor(Lib lib) {
            super(lib, lib::tjInitDecompress);
        }

        /**
         * @return a BGR image the caller owns and closes
         * @throws IllegalArgumentException if the bytes are not a JPEG, or its picture has more
         *                                  than {@code maxPixels} pixels
         */
        synchronized Mat decompress(byte[] jpeg, long maxPixels) {
            NativeLong length = new NativeLong(jpeg.length);
            IntByReference width = new IntByReference();
            IntByReference height = new IntByReference();
            if (lib.tjDecompressHeader3(handle(), jpeg, length, width, height, new IntByReference(),
                    new IntByReference()) != 0 || width.getValue() <= 0 || height.getValue() <= 0) {
                throw refuse(jpeg);
            }
            long pixels = (long) width.getValue() * height.getValue();
            if (pixels > maxPixels) {
                throw new IllegalArgumentException("A frame of " + width.getValue() + "x" + height.getValue()
                        + " pixels is larger than the " + maxPixels + " pixels a picture may have.");
            }
            Mat image = new Mat(height.getValue(), width.getValue(), CV_8UC3);
            int result = lib.tjDecompress2(handle(), jpeg, length, new Pointer(image.data().address()),
                    width.getValue(), (int) image.step(), height.getValue(), TJPF_BGR, 0);
            // A warning (a damaged but decodable frame) still gives a picture, as OpenCV's imdecode does.
            if (result != 0 && lib.tjGetErrorCode(handle()) != TJERR_WARNING) {
                image.close();
                throw refuse(jpeg);
            }
            return image;
        }

        /** The sentence for a frame libturbojpeg failed on; the handle is renewed for the next one. */
        private IllegalArgumentException refuse(byte[] jpeg) {
            String reason = lib.tjGetErrorStr2(handle());
            renew();
            return new IllegalArgumentException("A frame of " + jpeg.length + " bytes is not a decodable JPEG ("
                    + reason + ").");
        }
    }
}
