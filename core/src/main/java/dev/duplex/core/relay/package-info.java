/**
 * API: the relay, {@link dev.duplex.core.relay.RelayServer}, and its
 * {@link dev.duplex.core.relay.RelayStats}. Package-private behind it: {@code RelayCore} (what members
 * share, whatever carries their frames), the member handler, the rooms and their fan-out, the history
 * replay, the connection guards.
 */
package dev.duplex.core.relay;
