package dev.duplex.examples.sockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.examples.Background;
import dev.duplex.examples.CapturedOutput;
import dev.duplex.examples.ConsoleInput;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The plain lecture client against the server built on duplex core, both ways, on loopback. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CoreTcpServerTest {
    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)\\)");

    @Test
    void plainClientAndCoreServerExchangeMessagesBothWays() throws Exception {
        ConsoleInput serverConsole = new ConsoleInput();
        CapturedOutput serverOut = new CapturedOutput();
        CompletableFuture<Void> server = Background.start("core-tcp-server", () -> CoreTcpServer.run(
                new String[] {"--port", "0", "--max-clients", "1"}, serverConsole, serverOut.stream()));
        await().atMost(PATIENCE).until(() -> LISTENING.matcher(serverOut.text()).find());
        Matcher m = LISTENING.matcher(serverOut.text());
        assertThat(m.find()).isTrue();
        int port = Integer.parseInt(m.group(1));

        ConsoleInput clientConsole = new ConsoleInput();
        CapturedOutput clientOut = new CapturedOutput();
        CompletableFuture<Void> client = Background.start("tcp-client", () -> TcpStreamClient.run(
                new String[] {"--port", String.valueOf(port)}, clientConsole, clientOut.stream()));
        try {
            await().atMost(PATIENCE).until(() -> serverOut.text().contains("Server:: connected to a client ("));
            clientConsole.type("hello from the plain client");
            await().atMost(PATIENCE).until(() -> serverOut.lines().contains("Rx_msg = 'hello from the plain client'"));

            serverConsole.type("안녕, 클라이언트");
            // The core server speaks the lecture's chat format, which ends each message with a newline.
            await().atMost(PATIENCE).until(() -> clientOut.lines().contains("Rx_msg = '안녕, 클라이언트\\n'"));

            clientConsole.end();
            client.get(10, TimeUnit.SECONDS);
            server.get(10, TimeUnit.SECONDS);
            assertThat(serverOut.text()).contains("Server:: disconnected by client").contains("Server:: stopped");
        } finally {
            clientConsole.end();
            serverConsole.end();
        }
    }
}
