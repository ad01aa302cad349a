package dev.duplex.examples.sockets;

import dev.duplex.examples.Args;
import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Mirrors the lecture's UDP calls ("Python socket module (2)": {@code socket.sendto(bytes)} and
 * {@code socket.recvfrom(bufsize)} on a {@code SOCK_DGRAM} socket): an echo server and a client
 * that sends a few messages and prints what comes back.
 *
 * <p>What differs in Java: a {@link DatagramSocket} sends and receives {@link DatagramPacket}s,
 * which carry the peer's address as {@code recvfrom} returns it. The client waits at most two
 * seconds for each echo: UDP does not retransmit, so a lost datagram is simply gone.
 */
public final class UdpEcho {
    private static final int ECHO_TIMEOUT_MS = 2_000;

    private UdpEcho() {
    }

    /**
     * {@code udp-echo [--host H] [--port P] [MESSAGE...]}: starts an echo server on H:P (0 = a
     * free port, printed), sends each message to it and prints the echoes.
     */
    public static void run(String[] args, PrintStream out) throws IOException, InterruptedException {
        Args a = Args.parse("udp-echo", args, "--host", "--port");
        String host = a.option("--host", "127.0.0.1");
        int port = a.intOption("--port", 0, 0, 65_535);
        List<String> messages = a.positional().isEmpty()
                ? List.of("Hello UDP", "안녕하세요", "bye")
                : a.positional();
        LockedConsole console = new LockedConsole(out);

        try (UdpEchoServer server = UdpEchoServer.start(host, port, console);
             DatagramSocket client = new DatagramSocket(new InetSocketAddress(host, 0))) {
            InetSocketAddress serverAddress = new InetSocketAddress(host, server.port());
            console.println("Server:: UDP echo server is bound to " + host + ":" + server.port());
            client.setSoTimeout(ECHO_TIMEOUT_MS);
            byte[] buffer = new byte[UdpEchoServer.MAX_DATAGRAM];
            for (String message : messages) {
                byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
                console.println("Client:: sendto (" + serverAddress + ") : " + PyRepr.of(message));
                client.send(new DatagramPacket(bytes, bytes.length, serverAddress));
                DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
                try {
                    client.receive(reply);
                    console.println("Client:: recvfrom (" + reply.getSocketAddress() + ") : "
                            + PyRepr.of(new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8)));
                } catch (SocketTimeoutException e) {
                    console.println("Client:: no echo of " + PyRepr.of(message) + " within " + ECHO_TIMEOUT_MS
                            + " ms - UDP does not retransmit lost datagrams");
                }
            }
        }
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        run(args, System.out);
    }
}
