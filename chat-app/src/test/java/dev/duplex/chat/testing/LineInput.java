package dev.duplex.chat.testing;

import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A stdin for tests: lines are added from any thread, {@link #end()} is end of input. (Piped
 * streams fail when the writing thread ends, which test threads do.)
 */
public final class LineInput extends InputStream {
    private static final byte[] EOF = new byte[0];
    private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(1024);
    private byte[] current = new byte[0];
    private int position;
    private boolean ended;

    public void line(String text) {
        put((text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Bytes exactly as given, in one read (a terminal may deliver a line in several). */
    public void raw(byte[] bytes) {
        put(bytes.clone());
    }

    public void end() {
        put(EOF);
    }

    private void put(byte[] chunk) {
        try {
            chunks.put(chunk);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized int read() throws InterruptedIOException {
        while (position == current.length) {
            if (ended) {
                return -1;
            }
            try {
                current = chunks.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted");
            }
            position = 0;
            if (current == EOF) {
                ended = true;
                return -1;
            }
        }
        return current[position++] & 0xff;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws InterruptedIOException {
        if (len == 0) {
            return 0;
        }
        int first = read();
        if (first < 0) {
            return -1;
        }
        b[off] = (byte) first;
        int n = 1;
        while (n < len && position < current.length) {
            b[off + n++] = current[position++];
        }
        return n;
    }
}
