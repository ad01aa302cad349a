package dev.duplex.video.audio;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records what would be played to a WAV file (48 kHz, 16-bit, mono). The header's lengths are
 * written at {@link #close()}; the recording stops at {@link #MAX_DATA_BYTES} (about 6 hours, the
 * format's 4 GiB limit), said once in the log.
 */
public final class WavFileSink implements AudioSink {
    /** The most sound data a WAV file can describe (its sizes are 32-bit), less its header. */
    public static final long MAX_DATA_BYTES = 0xFFFF_FFFFL - 36;
    private static final Logger log = LoggerFactory.getLogger(WavFileSink.class);
    private static final int HEADER_BYTES = 44;

    private final Path path;
    private final RandomAccessFile file;
    private final byte[] buffer = new byte[Pcm.FRAME_BYTES];
    private long dataBytes;
    private boolean full;
    private boolean closed;

    private WavFileSink(Path path, RandomAccessFile file) {
        this.path = path;
        this.file = file;
    }

    /**
     * Creates (or replaces) the file.
     *
     * @throws AudioUnavailableException with a sentence if it cannot be written
     */
    public static WavFileSink create(Path path) {
        try {
            RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw");
            file.setLength(0);
            WavFileSink sink = new WavFileSink(path, file);
            sink.writeHeader();
            return sink;
        } catch (IOException e) {
            throw new AudioUnavailableException("Cannot write the sound file " + path + ": " + e.getMessage()
                    + " (is the folder there and writable?)", e);
        }
    }

    @Override
    public synchronized void play(short[] frame) {
        if (closed || full) {
            return;
        }
        if (dataBytes + Pcm.FRAME_BYTES > MAX_DATA_BYTES) {
            full = true;
            log.warn("{} reached the WAV format's size limit: recording stopped.", path);
            return;
        }
        Pcm.toBytes(frame, buffer);
        try {
            file.write(buffer);
            dataBytes += buffer.length;
        } catch (IOException e) {
            full = true;
            log.warn("Recording to {} stopped: {}", path, e.getMessage());
        }
    }

    private void writeHeader() throws IOException {
        file.seek(0);
        file.write(header(dataBytes));
    }

    /** The 44-byte header of a PCM WAV of {@code dataBytes}. */
    static byte[] header(long dataBytes) {
        ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        h.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt((int) (36 + dataBytes))
                .put("WAVE".getBytes(StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16)
                .putShort((short) 1).putShort((short) 1).putInt(Pcm.SAMPLE_RATE).putInt(Pcm.SAMPLE_RATE * 2)
                .putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt((int) dataBytes);
        return h.array();
    }

    @Override
    public String description() {
        return "file " + path;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (file) {
            writeHeader();
        } catch (IOException e) {
            log.warn("Could not finish {}: {}", path, e.getMessage());
        }
    }
}
