package dev.duplex.core.internal.engine;

/**
 * What an engine did, for the relay's stats.
 *
 * @param mediaPublished      media frames sent towards other nodes
 * @param mediaDropped        media frames not sent to other nodes because the way there was full
 * @param mediaReceived       media frames received from other nodes
 * @param gapsFilled          times a node read missed texts back from the shared history
 * @param degradedEpisodes    times the engine lost its shared store
 */
public record EngineStats(long mediaPublished, long mediaDropped, long mediaReceived, long gapsFilled,
                          long degradedEpisodes) {
    /** The stats of an engine that has nothing to report (the single-node engine). */
    public static final EngineStats NONE = new EngineStats(0, 0, 0, 0, 0);
}
