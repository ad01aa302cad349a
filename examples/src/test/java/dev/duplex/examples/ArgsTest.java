package dev.duplex.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ArgsTest {
    @Test
    void readsSeparateAndInlineValuesAndPositionalWords() {
        Args a = Args.parse("demo", new String[] {"--port", "0", "hello", "--host=::1", "world"}, "--port", "--host");

        assertThat(a.intOption("--port", 8089, 0, 65_535)).isZero();
        assertThat(a.option("--host", "127.0.0.1")).isEqualTo("::1");
        assertThat(a.positional()).containsExactly("hello", "world");
    }

    @Test
    void usesFallbackWhenOptionIsAbsent() {
        Args a = Args.parse("demo", new String[0], "--port");

        assertThat(a.intOption("--port", 8089, 0, 65_535)).isEqualTo(8089);
    }

    @Test
    void rejectsUnknownOptionNamingTheKnownOnes() {
        assertThatThrownBy(() -> Args.parse("tcp-server", new String[] {"--prot", "1"}, "--port"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tcp-server: unknown option --prot (known: --port)");
    }

    @Test
    void rejectsOutOfRangeAndMalformedNumbers() {
        Args a = Args.parse("demo", new String[] {"--port", "70000", "--count", "ten"}, "--port", "--count");

        assertThatThrownBy(() -> a.intOption("--port", 1, 0, 65_535))
                .hasMessage("demo: --port: 70000 (expected: 0..65535)");
        assertThatThrownBy(() -> a.intOption("--count", 1, 0, Integer.MAX_VALUE))
                .hasMessage("demo: --count: ten (expected: an integer >= 0)");
    }

    @Test
    void rejectsOptionWithoutValue() {
        assertThatThrownBy(() -> Args.parse("demo", new String[] {"--port"}, "--port"))
                .hasMessage("demo: option --port needs a value");
    }
}
