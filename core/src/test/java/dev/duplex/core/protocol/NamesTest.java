package dev.duplex.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Names are compared as people see them: after NFC, nicknames without regard to case. */
class NamesTest {
    private static final String CAFE_NFC = "caf\u00e9";
    private static final String CAFE_NFD = "cafe\u0301";

    @Test
    void namesAreNormalisedToNfc() {
        assertThat(Names.normalize(CAFE_NFD)).isEqualTo(CAFE_NFC);
        assertThat(Names.normalize(CAFE_NFC)).isEqualTo(CAFE_NFC);
    }

    @Test
    void nicknamesThatLookTheSameAreTheSameNickname() {
        assertThat(Names.sameNickname("bob", "Bob")).isTrue();
        assertThat(Names.sameNickname(CAFE_NFC, CAFE_NFD.toUpperCase(java.util.Locale.ROOT))).isTrue();
        assertThat(Names.sameNickname("bob", "bobby")).isFalse();
        assertThat(Names.nicknameKey("\u0130STANBUL")).as("locale-independent").isEqualTo(Names.nicknameKey("i\u0307stanbul"));
    }

    @Test
    void lengthsCountCodePointsAfterNormalisation() {
        String thirtyTwo = "e\u0301".repeat(32); // 64 code points as sent, 32 once composed
        assertThat(Names.nicknameProblem(thirtyTwo)).isNull();
        assertThat(Names.nicknameProblem("\uD83D\uDE00".repeat(32))).as("32 emoji: 32 code points, 128 bytes").isNull();
        assertThat(Names.nicknameProblem("x".repeat(33))).contains("at most 32");
    }

    @Test
    void aNameOfMoreThan255BytesIsRefusedThoughItHasFewEnoughCodePoints() {
        assertThat(Names.roomProblem("\uD83D\uDE00".repeat(64))).contains("255 bytes"); // 64 code points, 256 bytes
    }
}
