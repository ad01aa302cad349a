package dev.duplex.core.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * The range checks of every builder and configuration in core, with the one message format
 * ({@code "name: value (expected: ...)"}) a developer sees for a value out of range.
 */
public final class Checks {
    private Checks() {
    }

    /** {@code value}, if it is above 0. */
    public static int positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
        }
        return value;
    }

    /** {@code value}, if it is 0 or more. */
    public static int notNegative(String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: >= 0)");
        }
        return value;
    }

    /** {@code value}, if it is 0 or more: a limit where 0 means "no limit". */
    public static int limit(String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: >= 0, 0 for no limit)");
        }
        return value;
    }

    /** {@code value}, if it is longer than zero. */
    public static Duration positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
        }
        return value;
    }

    /** {@code value}, if it is within {@code min..max}. */
    public static Duration inRange(String name, Duration value, Duration min, Duration max) {
        Objects.requireNonNull(value, name);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: " + min + ".." + max + ")");
        }
        return value;
    }

    /** {@code value}, if it is within {@code min..max}. */
    public static int inRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: " + min + ".." + max + ")");
        }
        return value;
    }
}
