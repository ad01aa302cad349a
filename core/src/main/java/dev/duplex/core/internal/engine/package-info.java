/**
 * Internal: the seam between the relay's member logic and what stores and spreads a room's traffic.
 * {@link dev.duplex.core.internal.engine.RelayEngine} is what the relay calls (append a text, replay a
 * room, claim a nickname, publish media); {@link dev.duplex.core.internal.engine.EngineEvents} is
 * what an engine hands back (stored texts in room order, other nodes' presence and media). The
 * single-node engine keeps the history in SQLite; the cluster engine keeps it in Redis.
 */
package dev.duplex.core.internal.engine;
