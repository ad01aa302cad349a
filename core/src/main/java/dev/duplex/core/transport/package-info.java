/**
 * API: how connections behave, as configuration: per-connection limits and timings
 * ({@link dev.duplex.core.transport.TransportConfig}), a relay's limits against abuse
 * ({@link dev.duplex.core.transport.AbuseLimits}) and what they did
 * ({@link dev.duplex.core.transport.GuardCounters}), shareable event loops
 * ({@link dev.duplex.core.transport.EventLoops}) and the wire's clock
 * ({@link dev.duplex.core.transport.Clock}). The pipeline and its handlers are internal
 * ({@code dev.duplex.core.internal.transport}).
 */
package dev.duplex.core.transport;
