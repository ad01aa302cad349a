package dev.duplex.core.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.core.DuplexException;
import dev.duplex.core.Status;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.unix.Errors;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/** Socket failures become sentences by their type and error number; their own messages decide nothing. */
class NetErrorsTest {

    @Test
    void aRefusedConnectionIsUnavailableWhateverItsMessageSays() {
        DuplexException e = NetErrors.connectFailed(new ConnectException("Verbindungsaufbau abgelehnt"), "h:1");
        assertThat(e).hasMessage("Cannot reach h:1 — is the other side listening?");
        assertThat(e.status().kind()).isEqualTo(Status.Kind.UNAVAILABLE);
        assertThat(NetErrors.connectFailed(new ConnectTimeoutException("x"), "h:1"))
                .hasMessage("Timed out connecting to h:1: is the address right and the port open?");
        assertThat(NetErrors.connectFailed(new IOException("connection refused"), "h:1"))
                .as("a message that mentions a refusal is not a refusal").hasMessage("Cannot connect to h:1: connection refused");
    }

    @Test
    void aPortInUseIsToldByTypeOrByEpollsErrorNumber() {
        assertThat(NetErrors.bindFailed(new BindException("Address already in use"), "0.0.0.0:5", " Try another."))
                .hasMessage("Cannot listen on 0.0.0.0:5: the port is already in use. Try another.");
        assertThat(NetErrors.bindFailed(new Errors.NativeIoException("bind", -98), "0.0.0.0:5", ""))
                .hasMessage("Cannot listen on 0.0.0.0:5: the port is already in use.");
        assertThat(NetErrors.bindFailed(new IOException("port in use, they say"), "0.0.0.0:5", ""))
                .hasMessage("Cannot listen on 0.0.0.0:5: port in use, they say");
    }
}
