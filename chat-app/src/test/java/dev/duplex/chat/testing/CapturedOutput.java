package dev.duplex.chat.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A stdout/stderr for tests: a UTF-8 print stream whose lines can be read at any time. */
public final class CapturedOutput {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    public PrintStream stream() {
        return stream;
    }

    public String text() {
        synchronized (bytes) {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    public List<String> lines() {
        String text = text();
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }
}
