package dev.duplex.core.session;

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
    void aBadPortReadsTheSameWhereverItIsTyped() {
        assertThatThrownBy(() -> HostPort.checkPort(99999, false))
                .hasMessage("Port 99999 is out of range: use a number from 1 to 65535.");
        assertThatThrownBy(() -> HostPort.checkPort(-1, true))
                .hasMessage("Port -1 is out of range: use a number from 0 to 65535.");
        assertThat(HostPort.checkPort(0, true)).isZero();
    }

    @Test
    void describesAddressesAsPeopleWriteThem() throws Exception {
        assertThat(HostPort.describe(new java.net.InetSocketAddress(java.net.InetAddress.getByName("127.0.0.1"), 41200)))
                .isEqualTo("127.0.0.1:41200");
        assertThat(HostPort.describe(new java.net.InetSocketAddress(java.net.InetAddress.getByName("::1"), 41200)))
                .isEqualTo("[::1]:41200");
        assertThat(HostPort.address(java.net.InetAddress.getByName("fd00:0:0:0:0:0:0:2"))).isEqualTo("fd00::2");
        assertThat(HostPort.address(java.net.InetAddress.getByName("2001:db8:0:1:0:0:0:1")))
                .isEqualTo("2001:db8:0:1::1");
        assertThat(HostPort.address(java.net.InetAddress.getByName("2001:db8:0:1:1:1:1:1")))
                .as("a single zero group stays").isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(HostPort.address(java.net.InetAddress.getByName("2001:db8:0:0:1:0:0:1")))
                .as("the first of two equal runs").isEqualTo("2001:db8::1:0:0:1");
        assertThat(HostPort.address(java.net.InetAddress.getByName("0:0:0:0:0:0:0:1"))).isEqualTo("::1");
    }
}
