/**
 * API: TLS as an application configures it: {@link dev.duplex.core.security.TlsOptions}, the
 * persistent {@link dev.duplex.core.security.Identity} and its
 * {@link dev.duplex.core.security.Fingerprint}, {@link dev.duplex.core.security.KnownHosts} for
 * trust on first use, the {@link dev.duplex.core.security.TrustPrompt} that asks a person, and where
 * duplex keeps its files ({@link dev.duplex.core.security.DuplexHome},
 * {@link dev.duplex.core.security.SecretFiles}). The TLS layers of the pipeline and the room-secret
 * check are internal ({@code dev.duplex.core.internal.security}).
 */
package dev.duplex.core.security;
