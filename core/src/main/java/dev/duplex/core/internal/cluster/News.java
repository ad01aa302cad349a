package dev.duplex.core.internal.cluster;

import java.nio.charset.StandardCharsets;

/**
 * What the scripts publish on a room's text channel and on a node's channel, as newline-separated
 * UTF-8 fields (names cannot hold a newline; a text's body, which can, comes last):
 * <pre>
 * T epoch seq messageId timeMicros originNode shownByOrigin(0|1) sender body   a stored text
 * J node nickname                                                           someone joined on node
 * L node nickname                                                           someone left (or node died)
 * R room nicknameKey connection                                             (node channel) taken over
 * </pre>
 */
sealed interface News {

    /** A stored text. */
    record Text(long epoch, long sequence, long messageId, long timeMicros, String origin, boolean shownByOrigin,
                String sender, String body) implements News {
    }

    /** A member of {@code node} joined or left. */
    record Presence(String node, String nickname, boolean joined) implements News {
    }

    /** A member's claim moved to another node (its session connected there). */
    record TakenOver(String room, String nicknameKey, String connection) implements News {
    }

    /**
     * Reads a message; null (and nothing else happens) for one this version does not know.
     *
     * @throws IllegalArgumentException for a known kind with missing or bad fields
     */
    static News parse(byte[] message) {
        String s = new String(message, StandardCharsets.UTF_8);
        if (s.length() < 2 || s.charAt(1) != '\n') {
            return null;
        }
        return switch (s.charAt(0)) {
            case 'T' -> {
                String[] f = s.substring(2).split("\n", 8);
                if (f.length != 8) {
                    throw new IllegalArgumentException("a text needs 8 fields, got " + f.length);
                }
                yield new Text(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                        f[4], "1".equals(f[5]), f[6], f[7]);
            }
            case 'J', 'L' -> {
                String[] f = s.substring(2).split("\n", 2);
                if (f.length != 2) {
                    throw new IllegalArgumentException("presence needs 2 fields, got " + f.length);
                }
                yield new Presence(f[0], f[1], s.charAt(0) == 'J');
            }
            case 'R' -> {
                String[] f = s.substring(2).split("\n", 3);
                if (f.length != 3) {
                    throw new IllegalArgumentException("a takeover needs 3 fields, got " + f.length);
                }
                yield new TakenOver(f[0], f[1], f[2]);
            }
            default -> null;
        };
    }
}
