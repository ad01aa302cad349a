package dev.duplex.chat.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.core.Status;
import dev.duplex.core.protocol.ErrorCode;
import dev.duplex.core.session.SessionError;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the chat says when a session closes, decided by the close's kind and code, not its sentence. */
class SessionStoryTest {
    private static final Status PEER_BYE = Status.of(Status.Kind.PEER_CLOSED, "Your peer closed the connection.");
    private static final Status LOST = Status.of(Status.Kind.UNAVAILABLE, "The connection to 10.0.0.5:24000 was lost.");

    @Test
    void aDirectPeerThatSaysByeIsAnnouncedAsLeftAndEndsTheChatNormally() {
        SessionStory story = new SessionStory();
        story.connected();
        story.peerJoined("bob");

        SessionStory.Farewell farewell = story.closed(PEER_BYE, false, true);

        assertThat(farewell.peerLeft()).contains("bob");
        assertThat(farewell.notice()).as("'bob left' says it already").isEmpty();
        assertThat(farewell.error()).isEmpty();
        assertThat(farewell.endedByPeer()).isTrue();
    }

    @Test
    void theSentenceDoesNotDecideAPeerClosedReworded() {
        SessionStory story = new SessionStory();
        story.connected();
        // Same words as a peer's BYE, but the connection was lost: it is said, as a notice (a direct chat).
        Status lostInOtherWords = Status.of(Status.Kind.UNAVAILABLE, "Your peer closed the connection.");
        assertThat(story.closed(lostInOtherWords, false, true).notice()).contains("Your peer closed the connection.");

        SessionStory other = new SessionStory();
        other.connected();
        Status byeInOtherWords = Status.of(Status.Kind.PEER_CLOSED, "Der Partner hat die Verbindung beendet.");
        assertThat(other.closed(byeInOtherWords, false, true).notice()).isEmpty();
    }

    @Test
    void anErrorAlreadyShownIsNotShownAgainWhenItClosesTheSession() {
        SessionStory story = new SessionStory();
        story.connected();
        story.reported(new SessionError(ErrorCode.RATE_LIMITED, "Too many messages."));

        SessionStory.Farewell farewell = story.closed(Status.of(ErrorCode.RATE_LIMITED, "Too many messages."),
                false, false);

        assertThat(farewell.error()).isEmpty();
        assertThat(farewell.endedByPeer()).isFalse();
        SessionStory.Farewell another = story.closed(LOST, false, false);
        assertThat(another.error()).as("a close for another reason is said").contains(LOST.sentence());
    }

    @Test
    void aRelaySessionLostWithoutAnErrorIsAnError() {
        SessionStory story = new SessionStory();
        story.connected();
        SessionStory.Farewell farewell = story.closed(LOST, false, false);
        assertThat(farewell.error()).contains(LOST.sentence());
        assertThat(farewell.notice()).isEmpty();
        assertThat(farewell.ended()).isTrue();
    }

    @Test
    void beforeTheFirstConnectionNothingIsSaidTheFailedStartReportsItself() {
        SessionStory story = new SessionStory();
        assertThat(story.closed(LOST, false, false)).isEqualTo(SessionStory.Farewell.NOTHING);
    }

    @Test
    void inListenModeTheStoryStartsOverForTheNextPeer() {
        SessionStory story = new SessionStory();
        story.connected();
        story.peerJoined("bob");
        SessionStory.Farewell farewell = story.closed(LOST, true, true);
        assertThat(farewell.peerLeft()).contains("bob");
        assertThat(farewell.notice()).contains(LOST.sentence());
        assertThat(story.everConnected()).isFalse();
        assertThat(story.peer()).isNull();
        assertThat(story.closed(PEER_BYE, true, true).peerLeft()).isEqualTo(Optional.empty());
    }
}
