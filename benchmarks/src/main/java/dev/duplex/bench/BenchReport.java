package dev.duplex.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one benchmark run, in the order they were measured, as {@code key = value} lines
 * (the keys are what BENCHMARKS.md quotes), plus notes and tables in plain sentences.
 */
public final class BenchReport {
    private final String name;
    private final Map<String, Double> figures = new LinkedHashMap<>();
    private final List<String> lines = new ArrayList<>();

    public BenchReport(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Records one figure; a key given twice keeps the last value. */
    public BenchReport put(String key, double value) {
        figures.put(key, value);
        return this;
    }

    /** Adds a line of text (a note, a table row) printed after the figures. */
    public BenchReport line(String format, Object... args) {
        lines.add(String.format(Locale.ROOT, format, args));
        return this;
    }

    /** The figures, in order. */
    public Map<String, Double> figures() {
        return Collections.unmodifiableMap(figures);
    }

    public double get(String key) {
        Double v = figures.get(key);
        if (v == null) {
            throw new IllegalArgumentException("no figure '" + key + "' in " + name + " (has " + figures.keySet() + ")");
        }
        return v;
    }

    public List<String> lines() {
        return Collections.unmodifiableList(lines);
    }

    /** Prints the figures and lines. */
    public void print(PrintWriter out) {
        out.println("== " + name + " ==");
        for (Map.Entry<String, Double> e : figures.entrySet()) {
            out.printf(Locale.ROOT, "%-48s = %s%n", e.getKey(), format(e.getValue()));
        }
        for (String line : lines) {
            out.println(line);
        }
        out.flush();
    }

    /** Integers without decimals, small values with three significant decimals. */
    public static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%d", (long) v);
        }
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
