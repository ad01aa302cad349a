/**
 * API: the relay's web port, {@link dev.duplex.core.web.WebOptions}: a page people join from a
 * browser, and the WebSocket that carries the duplex frames to the same relay member logic (set with
 * {@code RelayServer.Builder.web}).
 */
package dev.duplex.core.web;
