package dev.duplex.examples;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command-line options of one example: {@code --name value} or {@code --name=value}, plus
 * positional words. Unknown options and malformed values fail fast with a sentence that names the
 * program, the option and what was expected.
 */
public final class Args {
    private final String program;
    private final Map<String, String> options = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();

    private Args(String program) {
        this.program = program;
    }

    /**
     * Parses {@code args}; every option in {@code known} (spelled with its leading "--") takes a
     * value.
     */
    public static Args parse(String program, String[] args, String... known) {
        Args parsed = new Args(program);
        Set<String> knownOptions = Set.of(known);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                parsed.positional.add(arg);
                continue;
            }
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (!knownOptions.contains(name)) {
                throw new IllegalArgumentException(program + ": unknown option " + name + " (known: "
                        + (known.length == 0 ? "none" : String.join(", ", known)) + ")");
            }
            if (value == null) {
                if (i + 1 == args.length) {
                    throw new IllegalArgumentException(program + ": option " + name + " needs a value");
                }
                value = args[++i];
            }
            parsed.options.put(name, value);
        }
        return parsed;
    }

    /** The value of {@code name}, or {@code fallback} when it was not given. */
    public String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    /** The integer value of {@code name} within [{@code min}, {@code max}], or {@code fallback}. */
    public int intOption(String name, int fallback, int min, int max) {
        String value = options.get(name);
        if (value == null) {
            return fallback;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(program + ": " + name + ": " + value + " (expected: an integer "
                    + range(min, max) + ")");
        }
        if (parsed < min || parsed > max) {
            throw new IllegalArgumentException(program + ": " + name + ": " + parsed + " (expected: "
                    + range(min, max) + ")");
        }
        return parsed;
    }

    /** The words that are not options, in order. */
    public List<String> positional() {
        return List.copyOf(positional);
    }

    private static String range(int min, int max) {
        return max == Integer.MAX_VALUE ? ">= " + min : min + ".." + max;
    }
}
