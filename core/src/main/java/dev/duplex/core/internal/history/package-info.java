/**
 * Internal: not API. The relay's message history in SQLite: the store with its writer thread and
 * bounded queue (MessageStore), the transactions it writes (MessageWriter), its statements
 * (MessageTable), the per-room sequence cache (RoomSequences) and replay paging (ReplayPages). Public
 * only so that core's other packages can use it; it may change in any release.
 */
package dev.duplex.core.internal.history;
