/**
 * Test support for code built on duplex or Netty. {@link dev.duplex.testkit.FailOnLeakExtension} fails
 * a JUnit 5 test during which Netty reported a leaked buffer: with this jar on the test class path,
 * {@link dev.duplex.testkit.LeakDetectionSessionListener} switches Netty's leak detection to paranoid
 * when the test JVM starts, and the extension runs after every test when JUnit's extension
 * auto-detection is on ({@code junit.jupiter.extensions.autodetection.enabled=true}). The link
 * emulator is in {@link dev.duplex.testkit.link}; {@link dev.duplex.testkit.RedisProcess} runs a
 * Redis of a test's own for relays in a cluster.
 */
package dev.duplex.testkit;
