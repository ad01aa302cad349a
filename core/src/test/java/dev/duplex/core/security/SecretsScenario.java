package dev.duplex.core.security;

import dev.duplex.core.internal.protocol.Hello;
import dev.duplex.core.internal.protocol.TextFrame;
import dev.duplex.core.relay.RelayServer;
import dev.duplex.core.session.DuplexClient;
import dev.duplex.core.session.Session;
import dev.duplex.core.testing.RawDuplexSocket;
import java.util.Map;

/**
 * A relay and clients handling room secrets and session tokens in every way that logs something:
 * joins with the right and a wrong secret, a refused plaintext HELLO carrying a secret, a bad HELLO,
 * a broken frame after a HELLO. Run by {@code SecretsInLogsTest} in its own JVM with every log level
 * on; it prints {@value #DONE} at the end.
 */
public final class SecretsScenario {
    static final String SECRET = "correct-horse-battery-staple";
    static final String WRONG = "Tr0ub4dor-and-3";
    static final String TOKEN = "token-0123456789abcdef0123456789";
    static final String DONE = "scenario done";

    private SecretsScenario() {
    }

    public static void main(String[] args) throws Exception {
        Identity identity = Identity.generate();
        TlsOptions pinned = TlsOptions.pinned(identity.fingerprint());
        try (RelayServer tls = RelayServer.builder().bindHost("127.0.0.1").port(0).tls(TlsOptions.server(identity))
                .roomSecret("team", SECRET).build().start();
             RelayServer plain = RelayServer.builder().bindHost("127.0.0.1").port(0).build().start()) {
            Session alice = DuplexClient.builder().port(tls.port()).nickname("alice").room("team").tls(pinned)
                    .roomSecret(SECRET).connect().join();
            alice.sendText("inside").join();
            DuplexClient.builder().port(tls.port()).nickname("mallory").room("team").tls(pinned).roomSecret(WRONG)
                    .connect().exceptionally(t -> null).join();
            alice.close();
            try (RawDuplexSocket raw = RawDuplexSocket.connect(tls.port(), 0)) {
                raw.send(new Hello(1, 3, "eve", "team", Map.of(Hello.ATTR_SECRET, SECRET, Hello.ATTR_SESSION, TOKEN)));
                raw.closedByPeer();
            }
            try (RawDuplexSocket raw = RawDuplexSocket.connect(plain.port(), 0)) {
                raw.send(new Hello(1, 3, "eve", "r", Map.of(Hello.ATTR_SECRET, SECRET, Hello.ATTR_SESSION, TOKEN,
                        Hello.ATTR_RESUME, "not a number")));
                raw.closedByPeer();
            }
            try (RawDuplexSocket raw = RawDuplexSocket.connect(plain.port(), 0)) {
                raw.send(new Hello(1, 3, "eve", "r", Map.of(Hello.ATTR_SECRET, SECRET, Hello.ATTR_SESSION, TOKEN)));
                raw.send(new Hello(1, 3, "eve", "r", Map.of(Hello.ATTR_SECRET, SECRET, Hello.ATTR_SESSION, TOKEN)));
                raw.send(new TextFrame(1, 0, 0, "", "", SECRET));
                raw.closedByPeer();
            }
        }
        System.out.println(DONE);
        System.exit(0);
    }
}
