/**
 * Internal: not API. The TLS layers (made by TlsLayers from an API TlsOptions), the trust manager that
 * pins fingerprints, the verified identity of a channel, room secrets and their HELLO check. Public
 * only so that core's other packages can use it; it may change in any release.
 */
package dev.duplex.core.internal.security;
