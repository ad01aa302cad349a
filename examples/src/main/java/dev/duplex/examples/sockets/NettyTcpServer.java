package dev.duplex.examples.sockets;

import dev.duplex.examples.Args;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The lecture's threaded TCP streaming server again, on Netty. It speaks the same raw UTF-8 as
 * {@link TcpStreamServer}, so {@link TcpStreamClient} talks to either, and it prints the same
 * lines.
 *
 * <p>What the library takes off your hands: there is no accept loop, no receiving and sending
 * thread per client, no per-client queue and no lock around the socket. A couple of event loop
 * threads serve every client; Netty calls {@link NettyTcpServerHandler} when bytes arrive, and a
 * console line goes to every client with one {@code ChannelGroup.writeAndFlush}, which queues the
 * bytes on each channel without blocking the console (skipping a client whose outbound buffer is
 * over its high water mark, as the plain server drops messages for a client whose queue is full). Lifetime as for {@link TcpStreamServer}:
 * until console input ends, or until {@code --max-clients} clients have come and gone.
 */
public final class NettyTcpServer {
    private NettyTcpServer() {
    }

    /** {@code netty-tcp-server [--host H] [--port P] [--max-clients N]}, as {@code tcp-server}. */
    public static void run(String[] args, InputStream consoleInput, PrintStream out) throws InterruptedException {
        Args a = Args.parse("netty-tcp-server", args, "--host", "--port", "--max-clients");
        String host = a.option("--host", "127.0.0.1");
        int port = a.intOption("--port", TcpStreamServer.DEFAULT_PORT, 0, 65_535);
        int maxClients = a.intOption("--max-clients", 0, 0, Integer.MAX_VALUE);
        LockedConsole console = new LockedConsole(out);

        EventLoopGroup group = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
        ChannelGroup clients = new DefaultChannelGroup("netty-tcp-server-clients", GlobalEventExecutor.INSTANCE);
        AtomicInteger accepted = new AtomicInteger();
        try {
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            // Raw bytes in, decoded and printed; a new handler per connection.
                            ch.pipeline().addLast(new NettyTcpServerHandler(console, clients, accepted, maxClients));
                        }
                    });
            Channel server;
            try {
                server = bootstrap.bind(host, port).sync().channel();
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) { // bind failures surface here as the socket's own exception
                console.println("Server:: cannot listen on " + host + ":" + port + " (" + e.getMessage()
                        + ") - is another server using the port? Try --port 0 for a free one.");
                return;
            }
            console.println("Server:: Netty TCP server is started now (listening on "
                    + ((InetSocketAddress) server.localAddress()).getAddress().getHostAddress() + ":"
                    + ((InetSocketAddress) server.localAddress()).getPort() + ")");

            Thread consoleReader = new Thread(() -> readConsole(consoleInput, console, clients, server),
                    "netty-tcp-server-console");
            consoleReader.setDaemon(true); // it may block on a terminal that nobody types into any more
            consoleReader.start();

            server.closeFuture().sync(); // closed at the end of console input or at --max-clients
            for (Channel client : List.copyOf(clients)) {
                client.closeFuture().sync();
            }
        } finally {
            // Also runs what the loops still have queued, such as the last "disconnected" line.
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        console.println("Server:: stopped");
    }

    /** Sends each line typed at the server to every client; at the end closes everything. */
    private static void readConsole(InputStream consoleInput, LockedConsole console, ChannelGroup clients,
                                    Channel server) {
        try {
            BufferedReader reader = new BufferedReader(new InputStreamReader(consoleInput, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                // A client that does not read stops being writable once its outbound buffer passes
                // the high water mark; it misses messages instead of growing that buffer for ever.
                long slow = clients.stream().filter(c -> !c.isWritable()).count();
                clients.writeAndFlush(Unpooled.copiedBuffer(line, StandardCharsets.UTF_8), Channel::isWritable);
                console.println("Tx_msg = " + PyRepr.of(line) + "  (to " + (clients.size() - slow) + " client(s))"
                        + (slow > 0 ? "; dropped for " + slow + " client(s) that are not reading" : ""));
            }
        } catch (IOException e) {
            console.println("Server:: cannot read the console any more: " + e.getMessage());
        }
        if (server.isOpen() || !clients.isEmpty()) { // else the server has already stopped
            console.println("Server:: console input ended; closing the connections");
            server.close();
            clients.close(); // after the writes queued above: a channel handles its tasks in order
        }
    }

    public static void main(String[] args) throws InterruptedException {
        run(args, System.in, System.out);
    }
}
