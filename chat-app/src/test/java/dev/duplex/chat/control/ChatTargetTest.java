package dev.duplex.chat.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChatTargetTest {
    @Test
    void targetsCheckTheirValues() {
        assertThatThrownBy(() -> new ChatTarget.Relay("h", 24100, " bob", "lobby"))
                .hasMessageContaining("must not start or end with a space");
        assertThatThrownBy(() -> new ChatTarget.Relay("h", 24100, "bob", ""))
                .hasMessageContaining("Room name must not be empty");
        assertThatThrownBy(() -> new ChatTarget.Direct(" ", 24000, "bob")).hasMessageContaining("The host must not be empty");
        assertThatThrownBy(() -> new ChatTarget.Relay("h", 99999, "bob", "lobby"))
                .hasMessage("Port 99999 is out of range: use a number from 1 to 65535.");
        assertThat(new ChatTarget.Listen("0.0.0.0", 0, "bob").port()).isZero();
        assertThat(ChatTarget.defaultNickname()).isNotBlank().doesNotContain(" ");
    }
}
