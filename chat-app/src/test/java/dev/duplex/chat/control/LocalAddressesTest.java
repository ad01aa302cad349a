package dev.duplex.chat.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LocalAddressesTest {
    @Test
    void compressesTheLongestRunOfZeroGroups() {
        assertThat(LocalAddresses.compress("fd00:0:0:0:0:0:0:2")).isEqualTo("fd00::2");
        assertThat(LocalAddresses.compress("2001:db8:0:0:1:0:0:1")).isEqualTo("2001:db8::1:0:0:1");
        assertThat(LocalAddresses.compress("0:0:0:0:0:0:0:1")).isEqualTo("::1");
        assertThat(LocalAddresses.compress("2001:db8:1:2:3:4:5:6")).isEqualTo("2001:db8:1:2:3:4:5:6");
        assertThat(LocalAddresses.compress("192.168.0.5")).isEqualTo("192.168.0.5");
    }

    @Test
    void listsUsableAddressesWithoutLoopbackUnlessThereIsNoOther() {
        List<String> addresses = LocalAddresses.interfaceAddresses();
        assertThat(addresses).isNotEmpty();
        if (!addresses.equals(List.of("127.0.0.1"))) {
            assertThat(addresses).noneMatch(a -> a.startsWith("127.") || a.equals("::1"));
        }
        assertThat(LocalAddresses.withPort(List.of("192.168.0.5", "fd00::2"), 24000))
                .isEqualTo("192.168.0.5:24000, [fd00::2]:24000");
    }
}
