package dev.duplex.core.protocol;

/**
 * Rules for nicknames and room names: 1 to 32 (nickname) or 64 (room) characters, no control
 * characters, no leading or trailing white space. Checked by builders and by the accepting side.
 */
public final class Names {
    public static final int MAX_NICKNAME_LENGTH = 32;
    public static final int MAX_ROOM_LENGTH = 64;

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

    private static String problem(String what, String name, int max) {
        if (name == null || name.isEmpty()) {
            return what + " must not be empty.";
        }
        int length = name.codePointCount(0, name.length());
        if (length > max) {
            return what + " '" + name + "' is " + length + " characters long; at most " + max + " are allowed.";
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
