package dev.duplex.chat.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LocalAddressesTest {

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
