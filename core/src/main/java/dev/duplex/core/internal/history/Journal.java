package dev.duplex.core.internal.history;

import io.netty.util.internal.PlatformDependent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The messages a relay forwarded before its history stored them, in a memory-mapped file beside the
 * history. The relay writes each message here (a memory copy: no system call, no waiting for a disk)
 * before it forwards it, and the history writer marks it done once its transaction is committed. The
 * file's pages belong to the kernel, so they outlive a killed process: the next start stores what was
 * forwarded but not committed, under the room sequence the receivers already saw. So a sequence is
 * never given to two messages, and what a receiver was shown is in the history when its sender sends
 * it again. Like the history (SQLite, {@code synchronous=NORMAL}), it survives the process being
 * killed, not a power cut.
 * <pre>
 * header, 16 bytes: u32 magic | u32 version | u64 committed position
 * record:           u32 payload length | u32 CRC-32C of position and payload | u64 position | payload
 * payload:          str16 room | u64 sequence | str16 sender | str16 sender key | u64 message id
 *                   | u64 timestamp (µs) | u32 n | n bytes of UTF-8 body            (str16: u16 n | n bytes)
 * </pre>
 * Positions count the bytes appended since the file was made, never wrapping; a record lives whole at
 * {@code 16 + position % capacity} (one that would not fit before the end of the file starts the next
 * lap at offset 0). A record is valid when its stored position is the expected one and its checksum
 * matches, so a torn or stale record ends a scan. Bounded by its capacity: an append that would
 * overwrite a record not yet committed is refused.
 * <p>
 * {@link #append} from any thread, one at a time (the caller serializes them); {@link #committed}
 * from the history writer.
 */
final class Journal implements AutoCloseable {
    static final int HEADER_BYTES = 16;
    static final int RECORD_HEADER_BYTES = 16;
    private static final int MAGIC = 0x444A524E; // "DJRN"
    private static final int VERSION = 1;
    private static final int COMMITTED_AT = 8;

    /** One message read back from the file. */
    record Entry(String room, long sequence, String sender, String senderKey, long messageId, long timestampMicros,
                 String body) {
    }

    private final Path file;
    private final MappedByteBuffer map;
    private final long capacity;
    private final CRC32C crc = new CRC32C();
    /** Where the next record goes (appending thread, under the caller's lock). */
    private long head;
    /** Everything before it is committed: its space may be written again. */
    private volatile long committed;
    private boolean closed;

    private Journal(Path file, MappedByteBuffer map, long capacity, long committed) {
        this.file = file;
        this.map = map;
        this.capacity = capacity;
        this.committed = committed;
        this.head = committed;
    }

    /**
     * Opens the journal in {@code file}, made with room for {@code capacity} bytes of records if it
     * does not exist. An existing file keeps its own size until {@link #restart} makes it anew.
     */
    static Journal open(Path file, int capacity) throws IOException {
        if (capacity < 4096) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected: >= 4096)");
        }
        boolean fresh = !Files.exists(file) || Files.size(file) <= HEADER_BYTES;
        if (fresh) {
            create(file, capacity);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
            if (map.getInt(0) != MAGIC || map.getInt(4) != VERSION) {
                PlatformDependent.freeDirectBuffer(map);
                throw new IOException(file + " is not a duplex relay journal (or of another version): move it away.");
            }
            return new Journal(file, map, size - HEADER_BYTES, map.getLong(COMMITTED_AT));
        }
    }

    /** Writes an empty journal of {@code capacity} bytes of records (zeros, so its blocks exist on disk). */
    private static void create(Path file, int capacity) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).putInt(MAGIC).putInt(VERSION).putLong(0).flip();
            channel.write(header);
            ByteBuffer zeros = ByteBuffer.allocate(64 * 1024);
            for (long left = capacity; left > 0; left -= zeros.capacity()) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), left));
                channel.write(zeros);
            }
            channel.force(true);
        }
    }

    /** Bytes of records the file holds. */
    long capacity() {
        return capacity;
    }

    /** The position after the last record appended. */
    long head() {
        return head;
    }

    /** Bytes taken by records not yet committed. */
    long uncommittedBytes() {
        return head - committed;
    }

    /**
     * Appends one message.
     *
     * @return the position after it (to give {@link #committed} once it is stored), or -1 if the
     *         journal has no room for it until more is committed
     */
    long append(String room, long sequence, String sender, String senderKey, long messageId, long timestampMicros,
                String body) {
        byte[] roomBytes = room.getBytes(StandardCharsets.UTF_8);
        byte[] senderBytes = sender.getBytes(StandardCharsets.UTF_8);
        byte[] keyBytes = senderKey.getBytes(StandardCharsets.UTF_8);
        byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
        int payload = 2 + roomBytes.length + 8 + 2 + senderBytes.length + 2 + keyBytes.length + 8 + 8 + 4
                + bodyBytes.length;
        int size = RECORD_HEADER_BYTES + payload;
        long at = head;
        long offset = at % capacity;
        if (offset + size > capacity) {
            at += capacity - offset; // the rest of this lap is skipped
            offset = 0;
        }
        if (size > capacity / 4 || at + size - committed > capacity) {
            return -1;
        }
        int i = HEADER_BYTES + (int) offset;
        map.putInt(i, payload);
        map.putLong(i + 8, at);
        int p = i + RECORD_HEADER_BYTES;
        p = putStr16(p, roomBytes);
        map.putLong(p, sequence);
        p = putStr16(p + 8, senderBytes);
        p = putStr16(p, keyBytes);
        map.putLong(p, messageId);
        map.putLong(p + 8, timestampMicros);
        map.putInt(p + 16, bodyBytes.length);
        map.put(p + 20, bodyBytes);
        map.putInt(i + 4, checksum(i, payload));
        head = at + size;
        return head;
    }

    private int putStr16(int at, byte[] bytes) {
        map.putShort(at, (short) bytes.length);
        map.put(at + 2, bytes);
        return at + 2 + bytes.length;
    }

    /** CRC-32C of the record at {@code i}: its position field and its payload. */
    private int checksum(int i, int payload) {
        crc.reset();
        crc.update(map.slice(i + 8, 8 + payload));
        return (int) crc.getValue();
    }

    /** Every record before {@code position} is in the history: its space may be used again. */
    void committed(long position) {
        if (position > committed) {
            committed = position;
            map.putLong(COMMITTED_AT, position);
        }
    }

    /**
     * The records after the committed position, oldest first (what a killed relay forwarded but had
     * not stored). Reading stops at the first record that is torn, stale or missing. Also places
     * {@link #head()} after the last of them.
     */
    List<Entry> uncommitted() {
        List<Entry> entries = new ArrayList<>();
        long at = committed;
        while (true) {
            Entry entry = readAt(at);
            long next = at;
            if (entry == null) {
                next = (at / capacity + 1) * capacity; // perhaps the writer skipped to the next lap
                entry = next == at ? null : readAt(next);
                if (entry == null) {
                    break;
                }
            }
            entries.add(entry);
            at = next + RECORD_HEADER_BYTES + map.getInt(HEADER_BYTES + (int) (next % capacity));
        }
        head = at;
        return entries;
    }

    /** The record starting at {@code position}, or null if there is no valid one. */
    private Entry readAt(long position) {
        long offset = position % capacity;
        if (offset + RECORD_HEADER_BYTES > capacity) {
            return null;
        }
        int i = HEADER_BYTES + (int) offset;
        int payload = map.getInt(i);
        if (payload <= 0 || offset + RECORD_HEADER_BYTES + payload > capacity || map.getLong(i + 8) != position
                || map.getInt(i + 4) != checksum(i, payload)) {
            return null;
        }
        int p = i + RECORD_HEADER_BYTES;
        String room = str16(p);
        p += 2 + Short.toUnsignedInt(map.getShort(p));
        long sequence = map.getLong(p);
        p += 8;
        String sender = str16(p);
        p += 2 + Short.toUnsignedInt(map.getShort(p));
        String senderKey = str16(p);
        p += 2 + Short.toUnsignedInt(map.getShort(p));
        long messageId = map.getLong(p);
        long timestamp = map.getLong(p + 8);
        int bodyLength = map.getInt(p + 16);
        byte[] body = new byte[bodyLength];
        map.get(p + 20, body);
        return new Entry(room, sequence, sender, senderKey, messageId, timestamp, new String(body, StandardCharsets.UTF_8));
    }

    private String str16(int at) {
        byte[] bytes = new byte[Short.toUnsignedInt(map.getShort(at))];
        map.get(at + 2, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * Once the records {@link #uncommitted()} returned are stored: everything is committed, and the
     * file is made anew when {@code capacity} differs from its size. Returns the journal to use.
     */
    Journal restart(int capacity) throws IOException {
        committed(head);
        if (capacity == this.capacity) {
            return this;
        }
        close();
        Files.delete(file);
        return open(file, capacity);
    }

    /** Unmaps the file (the kernel writes its pages out on its own schedule). Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        PlatformDependent.freeDirectBuffer(map);
    }
}
