/**
 * API: the public face of duplex: open a {@link dev.duplex.core.session.Session} to a relay
 * ({@link dev.duplex.core.session.DuplexClient}) or to one peer
 * ({@link dev.duplex.core.session.DirectPeer}), send text and video, and hear what happens through a
 * {@link dev.duplex.core.session.SessionListener}. The classes behind a session are package-private
 * here, one job each: {@code ConnectionSession} puts together the {@code Lifecycle} (state machine,
 * reconnect decisions), the handshake ({@code SessionHandler}, {@code Role}), the media streams
 * ({@code TextSender}, {@code TextReceiver}, {@code VideoSender}, {@code VideoReceiver}: the
 * {@code MediaStream} seam), the {@code Participants}, the counters and the TLS wiring, all confined
 * to one event loop.
 */
package dev.duplex.core.session;
