package dev.duplex.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The one lister of this machine's addresses, for the chat, the video call and the relay's banner. */
class LocalAddressesTest {

    @Test
    void listsUsableAddressesWithoutLoopbackUnlessThereIsNoOther() {
        List<String> addresses = LocalAddresses.interfaceAddresses();
        assertThat(addresses).isNotEmpty();
        if (!addresses.equals(List.of("127.0.0.1"))) {
            assertThat(addresses).noneMatch(a -> a.startsWith("127.") || a.equals("::1"));
            assertThat(addresses).as("IPv6 in its short form, without a scope")
                    .noneMatch(a -> a.contains("%") || a.contains(":0:0:"));
        }
        assertThat(String.join(", ", LocalAddresses.withPort(List.of("192.168.0.5", "fd00::2"), 24000)))
                .isEqualTo("192.168.0.5:24000, [fd00::2]:24000");
    }

    @Test
    void aListenerBoundToOneAddressIsReachedThereAloneAWildcardOneOnEveryInterface() {
        List<String> interfaces = List.of("192.0.2.2", "198.51.100.7", "2001:db8::5");
        assertThat(LocalAddresses.forBind("127.0.0.1", interfaces)).containsExactly("127.0.0.1");
        assertThat(LocalAddresses.forBind("192.0.2.2", interfaces)).containsExactly("192.0.2.2");
        assertThat(LocalAddresses.forBind("[2001:db8::5]", interfaces)).containsExactly("2001:db8::5");
        assertThat(LocalAddresses.forBind("fe80::1%eth0", interfaces)).containsExactly("fe80::1");
        assertThat(LocalAddresses.forBind("0.0.0.0", interfaces)).containsExactlyElementsOf(interfaces);
        assertThat(LocalAddresses.forBind("::", interfaces)).containsExactlyElementsOf(interfaces);
        assertThat(LocalAddresses.forBind("[::]", interfaces)).containsExactlyElementsOf(interfaces);
        assertThat(LocalAddresses.forBind("0.0.0.0", List.of())).containsExactly("127.0.0.1");
    }
}
