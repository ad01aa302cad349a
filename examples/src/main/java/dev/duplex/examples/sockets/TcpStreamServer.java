package dev.duplex.examples.sockets;

import dev.duplex.examples.Args;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Mirrors the lecture's "Python Socket Communication - Threaded TCP Streaming Server": bind to
 * 127.0.0.1:8089 with {@code SO_REUSEADDR}, {@code listen()}, and for every {@code accept()}ed
 * client start a receiving thread ({@code thread_Rx}) and a sending thread ({@code thread_Tx}),
 * with prints guarded by a lock ({@link LockedConsole}).
 *
 * <p>What differs in Java: in the lecture every {@code thread_Tx} calls {@code input()}, so each
 * typed line goes to whichever client's thread happens to get it. Here one console thread reads
 * the lines and queues each for every client; each client's sending thread writes its own queue (a
 * bounded one: a client that stops reading loses messages, not the server's memory). Messages are
 * raw UTF-8 without delimiters, as in the lecture, so two quick messages may arrive as one: TCP is
 * a byte stream, which is why duplex frames its messages.
 *
 * <p>Lifetime: the server stops accepting when console input ends or after {@code --max-clients}
 * clients, and returns when its clients have gone. At the end of console input the clients get what
 * is queued, then the end of the stream, and are closed if they do not leave within two seconds.
 */
public final class TcpStreamServer implements AutoCloseable {
    /** The lecture's {@code PORT}. */
    public static final int DEFAULT_PORT = 8089;
    private static final long CLOSE_GRACE_MS = 2_000;

    private final ServerSocket serverSocket;
    private final LockedConsole console;
    private final int maxClients;
    private final Set<TcpClientSession> sessions = ConcurrentHashMap.newKeySet();
    private volatile boolean consoleEnded;

    private TcpStreamServer(ServerSocket serverSocket, LockedConsole console, int maxClients) {
        this.serverSocket = serverSocket;
        this.console = console;
        this.maxClients = maxClients;
    }

    /**
     * {@code tcp-server [--host H] [--port P] [--max-clients N]}: serves until console input ends
     * or N clients (0 = no limit) have come and gone. Port 0 picks a free port, which is printed.
     */
    public static void run(String[] args, InputStream consoleInput, PrintStream out) throws IOException,
            InterruptedException {
        Args a = Args.parse("tcp-server", args, "--host", "--port", "--max-clients");
        String host = a.option("--host", "127.0.0.1");
        int port = a.intOption("--port", DEFAULT_PORT, 0, 65_535);
        int maxClients = a.intOption("--max-clients", 0, 0, Integer.MAX_VALUE);
        LockedConsole console = new LockedConsole(out);

        ServerSocket serverSocket = new ServerSocket();
        serverSocket.setReuseAddress(true);
        try {
            serverSocket.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            serverSocket.close();
            console.println("Server:: cannot listen on " + host + ":" + port + " (" + e.getMessage()
                    + ") - is another server using the port? Try --port 0 for a free one.");
            return;
        }
        try (TcpStreamServer server = new TcpStreamServer(serverSocket, console, maxClients)) {
            server.serve(consoleInput);
        }
    }

    private void serve(InputStream consoleInput) throws InterruptedException {
        console.println("Server:: TCP streaming server is started now (listening on "
                + serverSocket.getInetAddress().getHostAddress() + ":" + serverSocket.getLocalPort() + ")");
        Thread consoleReader = new Thread(() -> readConsole(consoleInput), "tcp-server-console");
        consoleReader.setDaemon(true); // it may block on a terminal that nobody types into any more
        consoleReader.start();

        acceptClients();
        for (TcpClientSession session : List.copyOf(sessions)) {
            session.awaitEnd(0);
        }
        console.println("Server:: stopped");
    }

    /** The lecture's {@code while True: accept()} loop, bounded by --max-clients and the console. */
    private void acceptClients() {
        int accepted = 0;
        while (maxClients == 0 || accepted < maxClients) {
            console.println("Server:: waiting connection request from next client ....");
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (!consoleEnded) {
                    console.println("Server:: stopped accepting: " + e.getMessage());
                }
                return;
            }
            accepted++;
            TcpClientSession session = new TcpClientSession(socket, console, sessions::remove);
            sessions.add(session);
            console.println("Server:: connected to a client (" + session.peer() + ")");
            session.start();
            if (consoleEnded) {
                session.finishSending();
            }
        }
        console.println("Server:: served " + maxClients + " client(s); no longer accepting");
        closeServerSocket();
    }

    /** Reads lines typed at the server and queues each for every connected client. */
    private void readConsole(InputStream consoleInput) {
        try {
            BufferedReader reader = new BufferedReader(new InputStreamReader(consoleInput, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (sessions.isEmpty()) {
                    console.println("Server:: no client is connected; " + PyRepr.of(line) + " was not sent");
                }
                for (TcpClientSession session : sessions) {
                    session.send(line);
                }
            }
        } catch (IOException e) {
            console.println("Server:: cannot read the console any more: " + e.getMessage());
        }
        console.println("Server:: console input ended; closing the connections");
        consoleEnded = true;
        closeServerSocket();
        List<TcpClientSession> open = List.copyOf(sessions);
        open.forEach(TcpClientSession::finishSending);
        try {
            for (TcpClientSession session : open) {
                if (!session.awaitEnd(CLOSE_GRACE_MS)) {
                    console.println("Server:: client (" + session.peer() + ") did not disconnect; closing it");
                    session.forceClose();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeServerSocket() {
        try {
            serverSocket.close();
        } catch (IOException e) {
            // Nothing depends on it: accept() already ended or will end with an exception.
        }
    }

    @Override
    public void close() {
        closeServerSocket();
        sessions.forEach(TcpClientSession::forceClose);
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        run(args, System.in, System.out);
    }
}
