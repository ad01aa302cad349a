/**
 * A bad network link on loopback for tests and benchmarks: {@link dev.duplex.testkit.link.LinkEmulator}
 * proxies TCP connections through a {@link dev.duplex.testkit.link.LinkProfile} per direction (delay,
 * jitter, bandwidth cap with a bounded queue), and can stall the link or reset its connections.
 */
package dev.duplex.testkit.link;
