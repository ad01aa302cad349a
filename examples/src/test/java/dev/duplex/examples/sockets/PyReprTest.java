package dev.duplex.examples.sockets;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PyReprTest {
    @Test
    void quotesLikePython() {
        assertThat(PyRepr.of("hello")).isEqualTo("'hello'");
        assertThat(PyRepr.of("")).isEqualTo("''");
        assertThat(PyRepr.of("it's")).isEqualTo("\"it's\"");
        assertThat(PyRepr.of("both ' and \"")).isEqualTo("'both \\' and \"'");
    }

    @Test
    void escapesControlCharacters() {
        assertThat(PyRepr.of("a\tb\r\n\\\u0001")).isEqualTo("'a\\tb\\r\\n\\\\\\x01'");
        assertThat(PyRepr.of("안녕")).isEqualTo("'안녕'");
    }
}
