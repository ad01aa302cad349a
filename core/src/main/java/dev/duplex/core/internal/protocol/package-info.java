/**
 * Internal: not API. The duplex frames (immutable records), the framer with its limits, the codec, the
 * handshake checks. Public only so that core's other packages can use it; it may change in any
 * release.
 */
package dev.duplex.core.internal.protocol;
