package dev.duplex.core.relay.cluster;

/**
 * What a relay's cluster engine did ({@code RelayServer.clusterStats()}); all zero on a single node.
 *
 * @param mediaPublished      media frames sent towards other nodes
 * @param mediaDropped        media frames not sent to other nodes because the way there was full
 * @param mediaReceived       media frames received from other nodes
 * @param gapsFilled          times a node read missed texts back from the shared history
 * @param degradedEpisodes    times the engine lost its shared store
 */
public record ClusterStats(long mediaPublished, long mediaDropped, long mediaReceived, long gapsFilled,
                          long degradedEpisodes) {
    /** The figures of a relay that is not in a cluster. */
    public static final ClusterStats NONE = new ClusterStats(0, 0, 0, 0, 0);
}
