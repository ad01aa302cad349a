/**
 * API: how a relay joins a cluster of relays that share their rooms through one Redis
 * ({@link dev.duplex.core.relay.cluster.ClusterConfig}) and what its cluster engine did
 * ({@link dev.duplex.core.relay.cluster.ClusterStats}). The engine itself is internal.
 */
package dev.duplex.core.relay.cluster;
