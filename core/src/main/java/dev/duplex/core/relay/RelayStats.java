package dev.duplex.core.relay;

/**
 * A snapshot of a relay's state and totals.
 *
 * @param openConnections      connections open now (identified or not)
 * @param rooms                rooms with at least one member
 * @param members              identified members over all rooms
 * @param connectionsAccepted  connections accepted since start
 * @param textRelayed          TEXT frames accepted from senders
 * @param videoRelayed         VIDEO frames accepted from senders
 * @param deliveries           frames written to receivers (one per receiver per frame)
 * @param videoDropped         video frames replaced by newer ones for slow receivers
 * @param queueOverflows       receivers cut off because their text queue overflowed
 * @param audioRelayed         AUDIO frames accepted from senders
 * @param audioDropped         audio frames dropped for slow receivers (waited longer than the audio bound)
 */
public record RelayStats(int openConnections, int rooms, int members, long connectionsAccepted, long textRelayed,
                         long videoRelayed, long deliveries, long videoDropped, long queueOverflows, long audioRelayed,
                         long audioDropped) {

    /** The totals without audio (both 0): the constructor of the API before voice, kept compatible. */
    public RelayStats(int openConnections, int rooms, int members, long connectionsAccepted, long textRelayed,
                      long videoRelayed, long deliveries, long videoDropped, long queueOverflows) {
        this(openConnections, rooms, members, connectionsAccepted, textRelayed, videoRelayed, deliveries, videoDropped,
                queueOverflows, 0, 0);
    }
}
