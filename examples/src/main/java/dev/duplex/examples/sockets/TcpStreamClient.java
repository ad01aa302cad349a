package dev.duplex.examples.sockets;

import dev.duplex.examples.Args;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Mirrors the lecture's "Python Socket Communication - Threaded TCP Streaming Client": connect to
 * 127.0.0.1:8089, then a {@code thread_Tx} sends each line typed at the console as raw UTF-8 and a
 * {@code thread_Rx} prints whatever the server sends.
 *
 * <p>What differs in Java: the lecture's main thread spins in {@code while True: pass} and never
 * ends. Here the program ends when the server disconnects, or when console input ends: it then
 * shuts down its sending direction, gives the server two seconds to close its side, and closes.
 * The receiving side decodes with a stateful {@link InputStreamReader}, so a character split
 * between two TCP segments is not garbled.
 */
public final class TcpStreamClient {
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final long CLOSE_GRACE_MS = 2_000;

    private final Socket socket;
    private final LockedConsole console;
    private volatile boolean closing;

    private TcpStreamClient(Socket socket, LockedConsole console) {
        this.socket = socket;
        this.console = console;
    }

    /** {@code tcp-client [--host H] [--port P]}: chats with a server until one side stops. */
    public static void run(String[] args, InputStream consoleInput, PrintStream out) throws InterruptedException {
        Args a = Args.parse("tcp-client", args, "--host", "--port");
        String host = a.option("--host", "127.0.0.1");
        int port = a.intOption("--port", TcpStreamServer.DEFAULT_PORT, 1, 65_535);
        LockedConsole console = new LockedConsole(out);

        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
        } catch (IOException e) {
            closeQuietly(socket);
            console.println("Client:: cannot reach " + host + ":" + port + " (" + e.getMessage()
                    + ") - is the server running? Start it with ./duplex example tcp-server");
            return;
        }
        new TcpStreamClient(socket, console).chat(consoleInput);
    }

    private void chat(InputStream consoleInput) throws InterruptedException {
        console.println("Client:: connected to server (" + socket.getInetAddress().getHostAddress() + ":"
                + socket.getPort() + ")");
        CompletableFuture<Void> received = new CompletableFuture<>();
        CompletableFuture<Void> inputEnded = new CompletableFuture<>();
        Thread rx = new Thread(() -> {
            receive();
            received.complete(null);
        }, "tcp-client-rx");
        Thread tx = new Thread(() -> {
            transmit(consoleInput);
            inputEnded.complete(null);
        }, "tcp-client-tx");
        tx.setDaemon(true); // it may stay blocked on a terminal after the server has gone
        rx.start();
        tx.start();

        try {
            CompletableFuture.anyOf(received, inputEnded).get();
            if (!received.isDone()) {
                received.get(CLOSE_GRACE_MS, TimeUnit.MILLISECONDS);
            }
        } catch (TimeoutException e) {
            console.println("Client:: the server did not close its side within " + CLOSE_GRACE_MS + " ms");
        } catch (ExecutionException e) {
            throw new IllegalStateException("A client thread failed", e.getCause());
        } finally {
            closing = true;
            closeQuietly(socket);
        }
        rx.join(CLOSE_GRACE_MS);
        console.println("Client:: closed");
    }

    /** The lecture's {@code thread_Rx}: prints what the server sends until it disconnects. */
    private void receive() {
        try {
            Reader reader = new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8);
            char[] buffer = new char[1024];
            int n;
            while ((n = reader.read(buffer)) != -1) {
                console.println("Rx_msg = " + PyRepr.of(new String(buffer, 0, n)));
            }
            console.println("Client:: disconnected by server");
        } catch (IOException e) {
            if (!closing) {
                console.println("Client:: exception in thread_Rx - " + e.getMessage());
            }
        }
    }

    /** The lecture's {@code thread_Tx}: sends each console line, until the console ends. */
    private void transmit(InputStream consoleInput) {
        try {
            BufferedReader reader = new BufferedReader(new InputStreamReader(consoleInput, StandardCharsets.UTF_8));
            OutputStream output = socket.getOutputStream();
            String line;
            while ((line = reader.readLine()) != null) {
                if (closing) {
                    return;
                }
                output.write(line.getBytes(StandardCharsets.UTF_8));
                output.flush();
                console.println("Tx_msg = " + PyRepr.of(line));
            }
            if (!closing) {
                console.println("Client:: console input ended; telling the server we are done");
                socket.shutdownOutput();
            }
        } catch (IOException e) {
            if (!closing) {
                console.println("Client:: exception in thread_Tx - " + e.getMessage());
                closeQuietly(socket);
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing is all that is left to do; there is nothing to tell the user.
        }
    }

    public static void main(String[] args) throws InterruptedException {
        run(args, System.in, System.out);
    }
}
