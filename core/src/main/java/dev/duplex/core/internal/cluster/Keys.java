package dev.duplex.core.internal.cluster;

import java.nio.charset.StandardCharsets;

/**
 * The cluster's Redis keys and channels. The room name (NFC, any Unicode) is always the last part,
 * after a fixed prefix, so no two rooms' keys can be equal. The scripts build the same names.
 */
final class Keys {
    static final String PREFIX = "duplex:";
    /** Sorted set: node id, scored by the time (ms) until which it counts as alive. */
    static final byte[] NODES = Script.bytes(PREFIX + "nodes");
    static final String TEXT_CHANNEL = PREFIX + "text:";
    static final String MEDIA_CHANNEL = PREFIX + "media:";

    private Keys() {
    }

    /** Hash: {@code s} the room's last sequence, {@code e} its history epoch. */
    static byte[] meta(String room) {
        return Script.bytes(PREFIX + "meta:" + room);
    }

    /** Stream: the room's history, entry id {@code SEQUENCE-0}. */
    static byte[] stream(String room) {
        return Script.bytes(PREFIX + "stream:" + room);
    }

    /** String with expiry: the sequence a sender's message id got in a room. */
    static byte[] dedupe(String senderKey, long messageId, String room) {
        return Script.bytes(PREFIX + "dedupe:" + senderKey + ":" + messageId + ":" + room);
    }

    /** Hash: nickname key to "node \n connection \n session \n nickname". */
    static byte[] members(String room) {
        return Script.bytes(PREFIX + "members:" + room);
    }

    /** Set: the rooms a node has members in. */
    static byte[] nodeRooms(String node) {
        return Script.bytes(PREFIX + "node-rooms:" + node);
    }

    /** Channel: texts and presence of a room. */
    static byte[] textChannel(String room) {
        return Script.bytes(TEXT_CHANNEL + room);
    }

    /** Channel: media of a room (binary). */
    static byte[] mediaChannel(String room) {
        return Script.bytes(MEDIA_CHANNEL + room);
    }

    /** Channel: what is said to one node (its members' sessions taken over elsewhere). */
    static byte[] nodeChannel(String node) {
        return Script.bytes(PREFIX + "node:" + node);
    }

    /** The room of a channel name with {@code prefix}, or null if it is not one. */
    static String roomOf(byte[] channel, String prefix) {
        String name = new String(channel, StandardCharsets.UTF_8);
        return name.startsWith(prefix) ? name.substring(prefix.length()) : null;
    }
}
