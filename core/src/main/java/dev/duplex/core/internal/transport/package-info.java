/**
 * Internal: not API. The one pipeline every connection uses (DuplexPipeline) and its handlers:
 * backpressure, heartbeats, rate limits, the read gate, the error handler; WriteBatch; socket errors
 * in words. Public only so that core's other packages can use it; it may change in any release.
 */
package dev.duplex.core.internal.transport;
