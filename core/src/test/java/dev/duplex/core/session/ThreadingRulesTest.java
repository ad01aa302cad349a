package dev.duplex.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.core.Status;
import dev.duplex.core.transport.TransportConfig;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The session's threading and state rules are checked in code (assertions; every test JVM runs with
 * {@code -ea}), so breaking one fails a test instead of corrupting state quietly.
 */
class ThreadingRulesTest {

    @Test
    void assertionsAreOnForCoreInTests() {
        assertThat(ConnectionSession.class.desiredAssertionStatus()).as("surefire runs the tests with -ea").isTrue();
    }

    @Test
    void aConnectionEventOffTheSessionsEventLoopFailsTheConfinementCheck() throws Exception {
        DefaultEventLoop loop = new DefaultEventLoop();
        try {
            ConnectionSession session = new ConnectionSession(Role.DIRECT_ACCEPTOR, "bob", "", new SessionListener() { },
                    TransportConfig.DEFAULT, loop, null, ReconnectPolicy.NEVER, "peer", WireFormat.DUPLEX, () -> { });
            EmbeddedChannel ch = new EmbeddedChannel();

            assertThatThrownBy(() -> session.connections().closed(ch)).as("called from the test thread, not the loop")
                    .isInstanceOf(AssertionError.class);

            loop.submit(() -> session.connections().closed(ch)).get(10, TimeUnit.SECONDS);
            assertThat(session.state()).as("on its loop the same call is fine").isEqualTo(SessionState.CLOSED);
            ch.finishAndReleaseAll();
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    @Test
    void theLifecycleRefusesAMoveItsStateMachineDoesNotHave() {
        assertThat(Lifecycle.allowed(SessionState.CONNECTING, SessionState.CONNECTED)).isTrue();
        assertThat(Lifecycle.allowed(SessionState.RECONNECTING, SessionState.CONNECTED)).isTrue();
        assertThat(Lifecycle.allowed(SessionState.CONNECTED, SessionState.CONNECTING)).isFalse();
        assertThat(Lifecycle.allowed(SessionState.CLOSED, SessionState.CONNECTED)).isFalse();

        EmbeddedChannel home = new EmbeddedChannel();
        Lifecycle lifecycle = new Lifecycle(home.eventLoop(), null, ReconnectPolicy.NEVER, Role.DIRECT_ACCEPTOR,
                "peer", () -> { }, new Lifecycle.Hooks() {
                    @Override
                    public void stateChanged(SessionState state, Status status) {
                    }

                    @Override
                    public void connectionLostForGood() {
                    }

                    @Override
                    public void ended(Status reason) {
                    }
                });
        Status ok = Status.of(Status.Kind.OK, "Connected.");
        lifecycle.connected(ok);
        assertThatThrownBy(() -> lifecycle.connected(ok)).as("a second handshake on a connected session")
                .isInstanceOf(AssertionError.class).hasMessageContaining("CONNECTED -> CONNECTED");
        home.finishAndReleaseAll();
    }
}
