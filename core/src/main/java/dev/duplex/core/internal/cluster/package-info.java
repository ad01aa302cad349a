/**
 * Internal: the cluster engine. Relays that share one Redis serve rooms together: each room's texts
 * are a Redis Stream numbered by one Lua script that also dedupes and publishes them; nodes forward
 * what the room's channel brings in sequence order and read back what they missed; nicknames are
 * claimed in a hash per room; video crosses on a binary channel per room. See README's "Several
 * relays" and PROTOCOL.md's "Clusters" for the keys and what happens on failures.
 */
package dev.duplex.core.internal.cluster;
