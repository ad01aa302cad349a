package dev.duplex.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code ./duplex server}'s web page: on by default on the next port, said where, and its options. */
class ServerWebTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Duplex.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void theWebPageIsOnByDefaultAndPrintedWithTheFingerprintToCompare() {
        assertThat(run("server", "--bind", "127.0.0.1", "--port", "0", "--seconds", "1")).isZero();
        String printed = out.toString();
        Matcher page = Pattern.compile("  or from a browser: https://127\\.0\\.0\\.1:(\\d+)/").matcher(printed);
        assertThat(page.find()).as(printed).isTrue();
        Matcher hex = Pattern.compile("its SHA-256 fingerprint must be\\R   ((?:[0-9A-F]{2}:){31}[0-9A-F]{2})\\)")
                .matcher(printed);
        assertThat(hex.find()).as(printed).isTrue();
    }

    @Test
    void aPlaintextRelaysPageSaysWhereTheCameraWorks() {
        assertThat(run("server", "--bind", "127.0.0.1", "--port", "0", "--seconds", "1", "--plaintext")).isZero();
        assertThat(out.toString()).containsPattern("or from a browser: http://127\\.0\\.0\\.1:\\d+/")
                .containsPattern("browsers allow the camera only on this computer, at http://localhost:\\d+/");
    }

    @Test
    void noWebServesNoPage() {
        assertThat(run("server", "--bind", "127.0.0.1", "--port", "0", "--seconds", "1", "--no-web")).isZero();
        assertThat(out.toString()).doesNotContain("browser");
    }

    @Test
    void noWebWithAWebPortIsAUsageError() {
        assertThat(run("server", "--no-web", "--web", "8080")).isEqualTo(2);
        assertThat(err.toString()).contains("--no-web turns the web page off");
    }

    @Test
    void theWebPortMustBeAPortAndNotTheRelays() {
        assertThat(run("server", "--web", "70000")).isEqualTo(2);
        assertThat(err.toString()).contains("Port 70000 is out of range");
        assertThat(run("server", "--port", "24200", "--web", "24200")).isEqualTo(2);
        assertThat(err.toString()).contains("The web page needs a port of its own");
        assertThat(run("server", "--web-origin", "chat.example.org")).isEqualTo(2);
        assertThat(err.toString()).contains("expected: scheme://host[:port]");
    }

    @Test
    void theDefaultWebPortIsTheOneAfterTheRelays() {
        assertThat(ServerCommand.defaultWebPort(24100)).isEqualTo(24101);
        assertThat(ServerCommand.defaultWebPort(0)).isZero();
        assertThatThrownBy(() -> ServerCommand.defaultWebPort(65535)).hasMessageContaining("--web PORT");
    }

    @Test
    void aTakenWebPortFailsWithASentenceNamingTheOptions() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int code = run("server", "--bind", "127.0.0.1", "--port", "0", "--web",
                    String.valueOf(taken.getLocalPort()), "--seconds", "1", "--plaintext");
            assertThat(code).isEqualTo(1);
            assertThat(err.toString()).contains("Cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .contains("--web").contains("--no-web").doesNotContain("Exception");
        }
    }
}
