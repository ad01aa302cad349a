package dev.duplex.examples.sockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.duplex.examples.Background;
import dev.duplex.examples.CapturedOutput;
import dev.duplex.examples.ConsoleInput;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The lecture's chat over loopback: the plain client against the plain server and against the
 * Netty server, each on an ephemeral port, with typed console input on both sides.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TcpChatTest {
    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)\\)");

    /** A server program: the plain one or the Netty one. */
    @FunctionalInterface
    interface ServerMain {
        void run(String[] args, InputStream console, PrintStream out) throws Exception;
    }

    private final List<ConsoleInput> consoles = new ArrayList<>();

    static Stream<Arguments> servers() {
        return Stream.of(
                Arguments.of("tcp-server", (ServerMain) TcpStreamServer::run),
                Arguments.of("netty-tcp-server", (ServerMain) NettyTcpServer::run));
    }

    @AfterEach
    void endAllConsoles() {
        consoles.forEach(ConsoleInput::end);
    }

    private ConsoleInput console() {
        ConsoleInput console = new ConsoleInput();
        consoles.add(console);
        return console;
    }

    /** A running program with its console and captured output. */
    private record Running(ConsoleInput console, CapturedOutput out, CompletableFuture<Void> done) {
        void awaitLine(String line) {
            await().atMost(PATIENCE).until(() -> out.lines().contains(line));
        }

        void awaitEnd() throws Exception {
            done.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        }
    }

    private Running startServer(String name, ServerMain server, String... args) {
        ConsoleInput console = console();
        CapturedOutput out = new CapturedOutput();
        CompletableFuture<Void> done = Background.start(name, () -> server.run(args, console, out.stream()));
        return new Running(console, out, done);
    }

    private Running startClient(int port) {
        ConsoleInput console = console();
        CapturedOutput out = new CapturedOutput();
        CompletableFuture<Void> done = Background.start("tcp-client",
                () -> TcpStreamClient.run(new String[] {"--port", String.valueOf(port)}, console, out.stream()));
        return new Running(console, out, done);
    }

    private static int awaitPort(Running server) {
        await().atMost(PATIENCE).until(() -> LISTENING.matcher(server.out().text()).find());
        Matcher m = LISTENING.matcher(server.out().text());
        assertThat(m.find()).isTrue();
        int port = Integer.parseInt(m.group(1));
        assertThat(port).isPositive();
        return port;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void clientAndServerExchangeMessagesInBothDirectionsThenClientInputEndsIt(String name, ServerMain main)
            throws Exception {
        Running server = startServer(name, main, "--port", "0", "--max-clients", "1");
        Running client = startClient(awaitPort(server));
        await().atMost(PATIENCE).until(() -> server.out().text().contains("Server:: connected to a client ("));

        client.console().type("hello from the client");
        server.awaitLine("Rx_msg = 'hello from the client'");
        client.awaitLine("Tx_msg = 'hello from the client'");

        server.console().type("안녕, 클라이언트 😀");
        client.awaitLine("Rx_msg = '안녕, 클라이언트 😀'");

        client.console().type("bye");
        server.awaitLine("Rx_msg = 'bye'");

        client.console().end();
        client.awaitEnd();
        server.awaitEnd();
        assertThat(client.out().lines()).containsSubsequence(
                "Client:: console input ended; telling the server we are done",
                "Client:: disconnected by server",
                "Client:: closed");
        assertThat(server.out().text()).contains("Server:: disconnected by client (127.0.0.1:")
                .contains("Server:: served 1 client(s); no longer accepting")
                .contains("Server:: stopped");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void endOfServerConsoleDisconnectsTheClientAfterItsLastMessage(String name, ServerMain main) throws Exception {
        Running server = startServer(name, main, "--port", "0");
        Running client = startClient(awaitPort(server));
        await().atMost(PATIENCE).until(() -> server.out().text().contains("Server:: connected to a client ("));

        server.console().type("last words");
        server.console().end();

        client.awaitEnd();
        server.awaitEnd();
        assertThat(client.out().lines()).containsSubsequence("Rx_msg = 'last words'",
                "Client:: disconnected by server", "Client:: closed");
        assertThat(server.out().text()).contains("Server:: console input ended; closing the connections")
                .contains("Server:: stopped");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aConsoleLineReachesEveryConnectedClient(String name, ServerMain main) throws Exception {
        Running server = startServer(name, main, "--port", "0", "--max-clients", "2");
        int port = awaitPort(server);
        Running first = startClient(port);
        Running second = startClient(port);
        await().atMost(PATIENCE).until(() -> server.out().lines().stream()
                .filter(l -> l.startsWith("Server:: connected to a client (")).count() == 2);

        server.console().type("to everyone");

        first.awaitLine("Rx_msg = 'to everyone'");
        second.awaitLine("Rx_msg = 'to everyone'");
        first.console().end();
        second.console().end();
        first.awaitEnd();
        second.awaitEnd();
        server.awaitEnd();
    }

    @Test
    void clientExplainsWhenNoServerListens() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Running client = startClient(port);

        client.awaitEnd();

        assertThat(client.out().text()).contains("Client:: cannot reach 127.0.0.1:" + port)
                .contains("is the server running?");
    }

    @Test
    void serverExplainsWhenThePortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            for (var entry : servers().toList()) {
                ServerMain main = (ServerMain) entry.get()[1];
                CapturedOutput out = new CapturedOutput();
                ConsoleInput console = console();

                main.run(new String[] {"--port", String.valueOf(taken.getLocalPort())}, console, out.stream());

                assertThat(out.text()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort())
                        .contains("Try --port 0");
            }
        }
    }
}
