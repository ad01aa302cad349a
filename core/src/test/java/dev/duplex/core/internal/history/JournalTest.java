package dev.duplex.core.internal.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal of forwarded messages: what was appended and not committed is read back after the
 * file is opened again (as after a kill), across the end of the ring, and nothing torn, stale or
 * committed is; it refuses to overwrite what is not committed.
 */
class JournalTest {
    private static final int SMALL = 4096;

    private static long append(Journal j, long seq, String body) {
        return j.append("room", seq, "alice", "session:a", 100 + seq, seq * 10, body);
    }

    @Test
    void whatWasNotCommittedIsReadBackAfterReopening(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("h.journal");
        try (Journal j = Journal.open(file, SMALL)) {
            long first = append(j, 1, "one");
            append(j, 2, "two");
            append(j, 3, "thrée");
            j.committed(first);
        }
        try (Journal j = Journal.open(file, SMALL)) {
            List<Journal.Entry> left = j.uncommitted();
            assertThat(left).extracting(Journal.Entry::sequence).containsExactly(2L, 3L);
            assertThat(left.get(1)).isEqualTo(new Journal.Entry("room", 3, "alice", "session:a", 103, 30, "thrée"));
            j.restart(SMALL);
        }
        try (Journal j = Journal.open(file, SMALL)) {
            assertThat(j.uncommitted()).as("all committed by the restart").isEmpty();
        }
    }

    @Test
    void recordsWrapAroundTheRingAndAnUncommittedOneIsNeverOverwritten(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("h.journal");
        String body = "x".repeat(200);
        List<Long> ends = new ArrayList<>();
        try (Journal j = Journal.open(file, SMALL)) {
            long seq = 1;
            long end;
            while ((end = append(j, seq, body)) >= 0) {
                ends.add(end);
                seq++;
            }
            assertThat(j.uncommittedBytes()).as("refused only when full").isGreaterThan(SMALL - 300L)
                    .isLessThanOrEqualTo(SMALL);
            j.committed(ends.get(2)); // three records' room again
            assertThat(append(j, seq, body)).as("room after the commit").isPositive();
            assertThat(append(j, seq + 1, body)).isPositive();
            assertThat(j.head()).as("the ring went round").isGreaterThan(SMALL);
        }
        try (Journal j = Journal.open(file, SMALL)) {
            List<Journal.Entry> left = j.uncommitted();
            assertThat(left).extracting(Journal.Entry::sequence).as("from after the commit, over the wrap, in order")
                    .containsExactlyElementsOf(rangeClosed(4, ends.size() + 2));
            assertThat(left).allSatisfy(e -> assertThat(e.body()).isEqualTo(body));
        }
    }

    @Test
    void aTornRecordEndsTheScan(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("h.journal");
        long second;
        try (Journal j = Journal.open(file, SMALL)) {
            long first = append(j, 1, "one");
            second = append(j, 2, "two");
            append(j, 3, "three");
            assertThat(first).isPositive();
        }
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            raw.seek(Journal.HEADER_BYTES + second - 1); // the last byte of the second record's body
            raw.write('X');
        }
        try (Journal j = Journal.open(file, SMALL)) {
            assertThat(j.uncommitted()).extracting(Journal.Entry::body).as("the checksum catches it")
                    .containsExactly("one");
        }
    }

    @Test
    void aRecordTooLargeForTheRingIsRefusedAndAForeignFileIsASentence(@TempDir Path dir) throws Exception {
        try (Journal j = Journal.open(dir.resolve("h.journal"), SMALL)) {
            assertThat(append(j, 1, "y".repeat(SMALL / 4))).isEqualTo(-1);
            assertThat(j.uncommittedBytes()).isZero();
        }
        Path foreign = dir.resolve("other");
        Files.write(foreign, new byte[SMALL]);
        assertThatThrownBy(() -> Journal.open(foreign, SMALL)).hasMessageContaining("not a duplex relay journal");
    }

    @Test
    void aNewCapacityMakesTheFileAnewOnceEverythingIsStored(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("h.journal");
        try (Journal j = Journal.open(file, SMALL)) {
            append(j, 1, "one");
        }
        try (Journal j = Journal.open(file, 2 * SMALL)) {
            assertThat(j.capacity()).as("an existing file keeps its size until restarted").isEqualTo(SMALL);
            assertThat(j.uncommitted()).hasSize(1);
            try (Journal bigger = j.restart(2 * SMALL)) {
                assertThat(bigger.capacity()).isEqualTo(2 * SMALL);
                assertThat(bigger.uncommitted()).isEmpty();
            }
        }
        assertThat(Files.size(file)).isEqualTo(Journal.HEADER_BYTES + 2L * SMALL);
    }

    private static List<Long> rangeClosed(long from, long to) {
        List<Long> values = new ArrayList<>();
        for (long v = from; v <= to; v++) {
            values.add(v);
        }
        return values;
    }
}
