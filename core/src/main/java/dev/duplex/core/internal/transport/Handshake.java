package dev.duplex.core.internal.transport;

import java.time.Duration;

/**
 * User event fired down the pipeline when HELLO/WELCOME completed: heartbeats start then, at the
 * interval the accepting side announced.
 */
public record Handshake(Duration heartbeatInterval) {
}
