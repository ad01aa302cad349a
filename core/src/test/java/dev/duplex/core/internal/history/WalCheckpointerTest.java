package dev.duplex.core.internal.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A history in a file has its write-ahead log copied into the database file by its own thread: the
 * file grows while the writer commits far fewer pages than would make it checkpoint by itself.
 */
class WalCheckpointerTest {

    @Test
    void theLogReachesTheDatabaseFileWithoutTheWriterCheckpointing(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("relay.db");
        try (MessageTable table = MessageTable.open(file)) {
            assertThat(table.checkpointer()).isNotNull();
            long checkpointsBefore = table.checkpointer().checkpoints();
            await().atMost(Duration.ofSeconds(10)).until(() -> table.checkpointer().checkpoints() > checkpointsBefore);
            long emptySize = Files.size(file);
            String body = "x".repeat(1000);
            for (int i = 1; i <= 400; i++) { // about 100 pages of log: far below the writer's own 10 000
                table.insert("r", i, "alice", "key", i, i, body, i);
                table.commit();
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(Files.size(file)).as("pages copied from the log").isGreaterThan(emptySize + 200_000));
        }
        assertThat(Files.exists(file)).isTrue();
    }

    @Test
    void aHistoryInMemoryHasNoCheckpointer() throws Exception {
        try (MessageTable table = MessageTable.open(null)) {
            assertThat(table.checkpointer()).isNull();
        }
    }
}
