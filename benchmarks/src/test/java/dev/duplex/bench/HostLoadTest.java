package dev.duplex.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HostLoadTest {
    @Test
    void busyLeavesOutIdleIowaitStealAndGuestWhichIsAlreadyInUser() {
        // cpu user nice system idle iowait irq softirq steal guest guest_nice
        long[] ticks = HostLoad.parseCpuLine("cpu  5675535 12579 498784 9020879 10570 3 185509 416179 7 11");
        assertThat(ticks[0]).isEqualTo(5675535L + 12579 + 498784 + 3 + 185509);
        assertThat(ticks[1]).as("steal").isEqualTo(416179L);
    }

    @Test
    void anOldKernelWithoutStealHasNone() {
        long[] ticks = HostLoad.parseCpuLine("cpu 100 0 50 1000 5 0 2");
        assertThat(ticks).containsExactly(152L, 0L);
    }

    @Test
    void aLineThatIsNotTheCpuTotalIsRefused() {
        assertThatThrownBy(() -> HostLoad.parseCpuLine("cpu0 1 2 3 4 5 6 7 8"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
