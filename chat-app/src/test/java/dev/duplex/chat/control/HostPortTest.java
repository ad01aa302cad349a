package dev.duplex.chat.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HostPortTest {
    @Test
    void parsesHostWithAndWithoutPort() {
        assertThat(HostPort.parse("192.168.0.5", 24000)).isEqualTo(new HostPort("192.168.0.5", 24000));
        assertThat(HostPort.parse("example.org:25000", 24000)).isEqualTo(new HostPort("example.org", 25000));
        assertThat(HostPort.parse(" 10.0.0.1:1 ", 24000)).isEqualTo(new HostPort("10.0.0.1", 1));
    }

    @Test
    void parsesIpv6WithBracketsOrBare() {
        assertThat(HostPort.parse("[::1]:24001", 24000)).isEqualTo(new HostPort("::1", 24001));
        assertThat(HostPort.parse("[::1]", 24000)).isEqualTo(new HostPort("::1", 24000));
        assertThat(HostPort.parse("fe80::1", 24000)).isEqualTo(new HostPort("fe80::1", 24000));
        assertThat(new HostPort("::1", 24000)).hasToString("[::1]:24000");
    }

    @Test
    void rejectsBadPortsWithASentence() {
        assertThatThrownBy(() -> HostPort.parse("host:abc", 24000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no valid port");
        assertThatThrownBy(() -> HostPort.parse("host:70000", 24000)).hasMessageContaining("from 1 to 65535");
        assertThatThrownBy(() -> HostPort.parse(":24000", 24000)).hasMessageContaining("host must not be empty");
        assertThatThrownBy(() -> HostPort.parse("[::1", 24000)).hasMessageContaining("closing ']'");
    }

    @Test
    void targetsCheckTheirValues() {
        assertThatThrownBy(() -> new ChatTarget.Relay("h", 24100, " bob", "lobby"))
                .hasMessageContaining("must not start or end with a space");
        assertThatThrownBy(() -> new ChatTarget.Relay("h", 24100, "bob", ""))
                .hasMessageContaining("Room name must not be empty");
        assertThatThrownBy(() -> new ChatTarget.Direct(" ", 24000, "bob")).hasMessageContaining("host must not be empty");
        assertThat(new ChatTarget.Listen("0.0.0.0", 0, "bob").port()).isZero();
        assertThat(ChatTarget.defaultNickname()).isNotBlank().doesNotContain(" ");
    }
}
