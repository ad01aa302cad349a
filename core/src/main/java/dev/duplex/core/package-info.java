/**
 * API: what every part of duplex reports outcomes with: {@link dev.duplex.core.Status} (a kind to
 * branch on, the protocol's error code, a sentence for people) and {@link dev.duplex.core.DuplexException}.
 * <p>
 * The public API of duplex core is this package and {@code dev.duplex.core.protocol},
 * {@code dev.duplex.core.transport}, {@code dev.duplex.core.security}, {@code dev.duplex.core.session},
 * {@code dev.duplex.core.relay}, {@code dev.duplex.core.relay.history}, {@code dev.duplex.core.web}.
 * Everything under
 * {@code dev.duplex.core.internal} is implementation: public only so that core's own packages can
 * share it, not API, and free to change in any release.
 */
package dev.duplex.core;
