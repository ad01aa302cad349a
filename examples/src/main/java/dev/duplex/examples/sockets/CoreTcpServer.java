package dev.duplex.examples.sockets;

import dev.duplex.core.DuplexException;
import dev.duplex.core.Status;
import dev.duplex.core.session.DirectListener;
import dev.duplex.core.session.DirectPeer;
import dev.duplex.core.session.Session;
import dev.duplex.core.session.SessionListener;
import dev.duplex.core.session.SessionState;
import dev.duplex.core.session.TextMessage;
import dev.duplex.core.session.WireFormat;
import dev.duplex.examples.Args;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The lecture's threaded TCP streaming server once more, on duplex's own library: a
 * {@link DirectPeer} listening in the lecture's raw UTF-8 format ({@link WireFormat#LECTURE_CHAT}),
 * so the same {@link TcpStreamClient} talks to it.
 *
 * <p>What core takes off your hands beyond Netty: no handlers at all. A listener receives whole
 * messages (UTF-8 decoded across reads), sending is one call that never blocks, and the session
 * closes cleanly. Unlike the lecture's server it holds one conversation at a time (a direct peer
 * is 1:1); further callers wait for the next turn. Runs until console input ends, or until
 * {@code --max-clients} conversations have ended.
 */
public final class CoreTcpServer {
    private CoreTcpServer() {
    }

    /** {@code core-tcp-server [--host H] [--port P] [--max-clients N]}. */
    public static void run(String[] args, InputStream consoleInput, PrintStream out) throws InterruptedException {
        Args a = Args.parse("core-tcp-server", args, "--host", "--port", "--max-clients");
        String host = a.option("--host", "127.0.0.1");
        int port = a.intOption("--port", TcpStreamServer.DEFAULT_PORT, 0, 65_535);
        int maxClients = a.intOption("--max-clients", 0, 0, Integer.MAX_VALUE);
        LockedConsole console = new LockedConsole(out);
        CompletableFuture<Void> stop = new CompletableFuture<>();
        AtomicInteger ended = new AtomicInteger();

        SessionListener printer = new SessionListener() {
            @Override
            public void onText(Session session, TextMessage message) {
                console.println("Rx_msg = " + PyRepr.of(message.body()));
            }

            @Override
            public void onStateChanged(Session session, SessionState state, Status status) {
                if (state == SessionState.CLOSED) {
                    console.println("Server:: disconnected by client (" + session.participants() + ")");
                    if (maxClients > 0 && ended.incrementAndGet() >= maxClients) {
                        stop.complete(null);
                    }
                }
            }
        };
        DirectListener server;
        try {
            server = DirectPeer.builder().nickname("server").wireFormat(WireFormat.LECTURE_CHAT).listener(printer)
                    .onAccepted(s -> console.println("Server:: connected to a client (" + s.remoteAddress() + ")"))
                    .listen(host, port);
        } catch (DuplexException e) {
            console.println("Server:: " + e.getMessage() + " Try --port 0 for a free one.");
            return;
        }
        try (server) {
            console.println("Server:: duplex core server is started now (listening on " + host + ":"
                    + server.localAddress().getPort() + ")");
            Thread reader = new Thread(() -> readConsole(consoleInput, console, server, stop), "core-tcp-server-console");
            reader.setDaemon(true); // it may block on a terminal that nobody types into any more
            reader.start();
            stop.join();
        }
        console.println("Server:: stopped");
    }

    /** Sends each typed line to the current client; the end of input stops the server. */
    private static void readConsole(InputStream consoleInput, LockedConsole console, DirectListener server,
                                    CompletableFuture<Void> stop) {
        try {
            BufferedReader reader = new BufferedReader(new InputStreamReader(consoleInput, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null && !stop.isDone()) {
                Session client = server.currentSession();
                if (client == null) {
                    console.println("Server:: no client connected; not sent: " + PyRepr.of(line));
                } else {
                    client.sendText(line);
                    console.println("Tx_msg = " + PyRepr.of(line));
                }
            }
        } catch (IOException e) {
            console.println("Server:: cannot read the console any more: " + e.getMessage());
        }
        console.println("Server:: console input ended; closing the connection");
        stop.complete(null);
    }
}
