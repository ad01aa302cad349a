package dev.duplex.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Console input that a test types into: each {@link #type} delivers one line, {@link #end} is the
 * end of input (Ctrl-D). Reads block until something was typed, as on a terminal.
 */
public final class ConsoleInput extends InputStream {
    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(64);
    private byte[] current = new byte[0];
    private int position;
    private boolean ended;

    /** Types {@code line} followed by Enter. */
    public void type(String line) {
        offer((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Ends the input; idempotent. */
    public void end() {
        offer(END);
    }

    private void offer(byte[] chunk) {
        try {
            if (!chunks.offer(chunk, 5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Nobody reads this console input");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (!ended && position == current.length) {
            try {
                current = chunks.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for console input");
            }
            position = 0;
            ended = current == END;
        }
        if (ended) {
            return -1;
        }
        int n = Math.min(len, current.length - position);
        System.arraycopy(current, position, b, off, n);
        position += n;
        return n;
    }
}
