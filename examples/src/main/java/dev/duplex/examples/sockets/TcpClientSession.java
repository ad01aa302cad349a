package dev.duplex.examples.sockets;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * One client of {@link TcpStreamServer}: the lecture's {@code thread_Rx} and {@code thread_Tx}
 * for one {@code client_socket}. The receiving thread prints whatever arrives; the sending thread
 * writes the messages the server console queued for this client.
 *
 * <p>Ending: when the client disconnects, the receiving thread stops the sending thread and closes
 * the socket. When the server console ends, the sending thread sends what is queued, then shuts
 * down its direction of the connection; the client sees the end of the stream and disconnects.
 */
final class TcpClientSession {
    /** Messages waiting for a slow client; past this the console drops them for this client. */
    static final int OUTBOX_CAPACITY = 64;
    private static final long CLOSE_GRACE_MS = 2_000;

    /** A queued message; {@link #END} (compared by identity) asks the sending thread to finish. */
    private record Outgoing(String text) {
        static final Outgoing END = new Outgoing("");
    }

    private final Socket socket;
    private final String peer;
    private final LockedConsole console;
    private final Consumer<TcpClientSession> onEnd;
    private final BlockingQueue<Outgoing> outbox = new ArrayBlockingQueue<>(OUTBOX_CAPACITY);
    private final Thread rx;
    private final Thread tx;

    TcpClientSession(Socket socket, LockedConsole console, Consumer<TcpClientSession> onEnd) {
        this.socket = socket;
        this.peer = socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
        this.console = console;
        this.onEnd = onEnd;
        this.rx = new Thread(this::receive, "tcp-server-rx-" + peer);
        this.tx = new Thread(this::transmit, "tcp-server-tx-" + peer);
    }

    String peer() {
        return peer;
    }

    void start() {
        rx.start();
        tx.start();
    }

    /** Queues {@code text} for the sending thread; drops it if this client has fallen far behind. */
    void send(String text) {
        if (!outbox.offer(new Outgoing(text))) {
            console.println("Server:: client (" + peer + ") is not reading; dropped " + PyRepr.of(text));
        }
    }

    /** Lets the sending thread finish after the messages already queued. */
    void finishSending() {
        if (!outbox.offer(Outgoing.END)) {
            tx.interrupt(); // the outbox is full of messages for a client that does not read
        }
    }

    /** Waits up to {@code millis} for the client to go; returns whether it has. */
    boolean awaitEnd(long millis) throws InterruptedException {
        rx.join(millis);
        return !rx.isAlive();
    }

    /** Closes the connection now; both threads then end. */
    void forceClose() {
        closeQuietly();
    }

    /** The lecture's {@code thread_Rx}: prints what the client sends until it disconnects. */
    private void receive() {
        try {
            Reader reader = new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8);
            char[] buffer = new char[1024];
            int n;
            while ((n = reader.read(buffer)) != -1) {
                console.println("Rx_msg = " + PyRepr.of(new String(buffer, 0, n)));
            }
            console.println("Server:: disconnected by client (" + peer + ")");
        } catch (IOException e) {
            console.println("Server:: disconnected by client (" + peer + "): " + e.getMessage());
        } finally {
            finishSending();
            try {
                tx.join(CLOSE_GRACE_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            closeQuietly();
            onEnd.accept(this);
        }
    }

    /** The lecture's {@code thread_Tx}: sends what the console typed, until told to finish. */
    private void transmit() {
        try {
            OutputStream output = socket.getOutputStream();
            while (true) {
                Outgoing message = outbox.take();
                if (message == Outgoing.END) {
                    break;
                }
                output.write(message.text().getBytes(StandardCharsets.UTF_8));
                output.flush();
                console.println("Tx_msg = " + PyRepr.of(message.text()) + "  (to " + peer + ")");
            }
            if (!socket.isClosed()) {
                socket.shutdownOutput(); // "no more from the server": the client reads the end of the stream
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            if (!socket.isClosed()) {
                console.println("Server:: exception in thread_Tx (" + peer + ") - " + e.getMessage());
            }
        }
    }

    private void closeQuietly() {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing is all that is left to do; there is nothing to tell the user.
        }
    }
}
