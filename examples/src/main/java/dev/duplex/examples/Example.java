package dev.duplex.examples;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One runnable teaching program: its launcher name ({@code ./duplex example NAME}), the lecture
 * program it mirrors, a one-line description and its entry point.
 *
 * @param name               lower-case words joined by '-', unique in {@link Examples#all()}
 * @param lectureCounterpart the Python program or slide title of the lecture it mirrors
 * @param description        what the program shows, in one sentence
 * @param main               the entry point
 */
public record Example(String name, String lectureCounterpart, String description, ExampleMain main) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    public Example {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(lectureCounterpart, "lectureCounterpart");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(main, "main");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name: " + name + " (expected: lower-case words joined by '-')");
        }
    }
}
