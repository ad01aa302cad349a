/**
 * API: the relay's message history as a user of the relay sees it: its bounds
 * ({@link dev.duplex.core.relay.history.HistoryConfig}), a read-only view
 * ({@link dev.duplex.core.relay.history.MessageHistory}) and what it holds
 * ({@link dev.duplex.core.relay.history.StoredMessage}). The store itself is internal.
 */
package dev.duplex.core.relay.history;
