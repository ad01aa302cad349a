package dev.duplex.examples.generators;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Python's {@code yield from}: an iterator that hands out everything of its first source, then
 * everything of the next, and so on, asking each source for one element at a time.
 *
 * <p>Nothing is copied in advance: a source is only touched when the caller asks for an element it
 * holds, as a Python generator only resumes the sub-generator on {@code next()}.
 */
public final class YieldFrom<T> implements Iterator<T> {
    private final Iterator<? extends Iterator<? extends T>> sources;
    private Iterator<? extends T> current;

    private YieldFrom(List<? extends Iterator<? extends T>> sources) {
        this.sources = sources.iterator();
    }

    /** {@code yield from a; yield from b; ...} over the given sources, in order. */
    @SafeVarargs
    public static <T> YieldFrom<T> of(Iterator<? extends T>... sources) {
        List<Iterator<? extends T>> list = new ArrayList<>(sources.length);
        for (Iterator<? extends T> source : sources) {
            list.add(Objects.requireNonNull(source, "source"));
        }
        return new YieldFrom<>(list);
    }

    @Override
    public boolean hasNext() {
        while (current == null || !current.hasNext()) {
            if (!sources.hasNext()) {
                return false;
            }
            current = sources.next();
        }
        return true;
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException("every source is exhausted");
        }
        return current.next();
    }
}
