package dev.duplex.examples.sockets;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/**
 * A UDP echo service (the lecture's table of well-known ports: 7, "Echo"), built from the
 * lecture's {@code SOCK_DGRAM} calls: {@code recvfrom} a datagram, {@code sendto} the same bytes
 * back to its sender. There is no connection and no stream: every datagram stands alone and says
 * where it came from. Runs on one thread until {@link #close()}d.
 */
public final class UdpEchoServer implements AutoCloseable {
    /** Larger datagrams are cut to this size, as {@code recvfrom(bufsize)} cuts them. */
    public static final int MAX_DATAGRAM = 2048;

    private final DatagramSocket socket;
    private final LockedConsole console;
    private final Thread thread;

    private UdpEchoServer(DatagramSocket socket, LockedConsole console) {
        this.socket = socket;
        this.console = console;
        this.thread = new Thread(this::serve, "udp-echo-server");
        this.thread.setDaemon(true);
    }

    /** Binds to {@code host:port} (0 = a free port) and starts echoing. */
    public static UdpEchoServer start(String host, int port, LockedConsole console) throws SocketException {
        UdpEchoServer server = new UdpEchoServer(new DatagramSocket(new InetSocketAddress(host, port)), console);
        server.thread.start();
        return server;
    }

    /** The port the server is bound to. */
    public int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        byte[] buffer = new byte[MAX_DATAGRAM];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);                                              // recvfrom
                console.println("Server:: recvfrom (" + packet.getSocketAddress() + ") : "
                        + PyRepr.of(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8)));
                socket.send(new DatagramPacket(packet.getData(), packet.getLength(),
                        packet.getSocketAddress()));                                      // sendto
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    console.println("Server:: cannot echo a datagram: " + e.getMessage());
                }
            }
        }
    }

    /** Stops the server; returns when its thread has ended (or after one second). */
    @Override
    public void close() {
        socket.close();
        try {
            thread.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
