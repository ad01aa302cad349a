package dev.duplex.core.protocol;

import io.netty.buffer.ByteBufUtil;
import java.text.Normalizer;
import java.util.Locale;

/**
 * Rules for nicknames and room names. A name is taken in Unicode NFC (composed) form, and must then
 * have 1 to 32 (nickname) or 64 (room) code points and at most 255 bytes of UTF-8, no control
 * characters, no leading or trailing white space. Checked by builders and by the accepting side,
 * which uses the NFC form from then on. Two nicknames that are equal after NFC and lower-casing
 * ({@link Locale#ROOT}) are the same nickname: they cannot be in one room at once. Room names are
 * compared in NFC, case-sensitively.
 */
public final class Names {
    /** Most characters (code points) of a nickname. */
    public static final int MAX_NICKNAME_LENGTH = 32;
    /** Most characters (code points) of a room name. */
    public static final int MAX_ROOM_LENGTH = 64;
    /** Most UTF-8 bytes of a nickname or room name: what the frames' one-byte length fields carry. */
    public static final int MAX_NAME_BYTES = 255;

    private Names() {
    }

    /** Returns {@code null} if valid, else a sentence saying what is wrong. */
    public static String nicknameProblem(String nickname) {
        return problem("Nickname", nickname, MAX_NICKNAME_LENGTH);
    }

    /** Returns {@code null} if valid, else a sentence saying what is wrong. */
    public static String roomProblem(String room) {
        return problem("Room name", room, MAX_ROOM_LENGTH);
    }

    /** Throws {@link IllegalArgumentException} with the sentence if the nickname is invalid. */
    public static String requireNickname(String nickname) {
        String problem = nicknameProblem(nickname);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return nickname;
    }

    /** Throws {@link IllegalArgumentException} with the sentence if the room name is invalid. */
    public static String requireRoom(String room) {
        String problem = roomProblem(room);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return room;
    }

    /** {@code name} in Unicode NFC, the form the accepting side uses. */
    public static String normalize(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFC);
    }

    /** What two nicknames are compared by: NFC, then lower case (locale-independent). */
    public static String nicknameKey(String nickname) {
        return normalize(nickname).toLowerCase(Locale.ROOT);
    }

    /** True when two nicknames look the same to people: equal after NFC and lower-casing. */
    public static boolean sameNickname(String a, String b) {
        return nicknameKey(a).equals(nicknameKey(b));
    }

    private static String problem(String what, String given, int max) {
        if (given == null || given.isEmpty()) {
            return what + " must not be empty.";
        }
        String name = normalize(given);
        int length = name.codePointCount(0, name.length());
        if (length > max) {
            return what + " '" + name + "' is " + length + " characters long; at most " + max + " are allowed.";
        }
        int bytes = ByteBufUtil.utf8Bytes(name);
        if (bytes > MAX_NAME_BYTES) {
            return what + " '" + name + "' is " + bytes + " bytes long in UTF-8; at most " + MAX_NAME_BYTES
                    + " bytes are allowed.";
        }
        if (!name.strip().equals(name)) {
            return what + " '" + name + "' must not start or end with a space.";
        }
        if (name.codePoints().anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                && c != 0x200D)) {
            return what + " must not contain control characters.";
        }
        return null;
    }
}
