package dev.duplex.examples.sockets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.examples.CapturedOutput;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class UdpEchoTest {
    @Test
    void echoServerSendsEachDatagramBackToItsSender() throws Exception {
        CapturedOutput out = new CapturedOutput();
        try (UdpEchoServer server = UdpEchoServer.start("127.0.0.1", 0, new LockedConsole(out.stream()));
             DatagramSocket client = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            client.setSoTimeout(5_000);
            InetSocketAddress serverAddress = new InetSocketAddress("127.0.0.1", server.port());
            for (String message : new String[] {"ping", "안녕 😀", ""}) {
                byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
                client.send(new DatagramPacket(bytes, bytes.length, serverAddress));

                byte[] buffer = new byte[UdpEchoServer.MAX_DATAGRAM];
                DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
                client.receive(reply);

                assertThat(new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8))
                        .isEqualTo(message);
                assertThat(reply.getSocketAddress()).isEqualTo(serverAddress);
            }
            assertThat(out.lines()).contains("Server:: recvfrom (/127.0.0.1:" + client.getLocalPort() + ") : 'ping'");
        }
    }

    @Test
    void programPrintsEachMessageSentAndEchoed() throws Exception {
        CapturedOutput out = new CapturedOutput();

        UdpEcho.run(new String[] {"--port", "0", "first", "second message"}, out.stream());

        assertThat(out.lines()).filteredOn(l -> l.startsWith("Client:: recvfrom (/127.0.0.1:"))
                .extracting(l -> l.substring(l.indexOf(" : ") + 3))
                .containsExactly("'first'", "'second message'");
        assertThat(out.lines()).filteredOn(l -> l.startsWith("Server:: recvfrom")).hasSize(2);
    }
}
