package dev.duplex.cli;

import dev.duplex.core.relay.RelayServer;
import dev.duplex.core.session.DuplexClient;
import dev.duplex.core.transport.TransportConfig;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./duplex server}: runs the relay until interrupted. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Run the duplex relay: rooms of chat and video participants.")
final class ServerCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", description = "TCP port to listen on (default: ${DEFAULT-VALUE}).")
    int port = DuplexClient.DEFAULT_PORT;

    @Option(names = "--bind", description = "Address to listen on (default: ${DEFAULT-VALUE}, every interface).")
    String bind = "0.0.0.0";

    @Option(names = "--max-rooms", description = "Most rooms at once (default: ${DEFAULT-VALUE}).")
    int maxRooms = 1024;

    @Option(names = "--max-members", description = "Most members per room (default: ${DEFAULT-VALUE}).")
    int maxMembers = 256;

    @Option(names = "--heartbeat-ms", description = "PING interval in milliseconds (default: ${DEFAULT-VALUE}).")
    long heartbeatMillis = 5000;

    @Option(names = "--seconds", hidden = true, description = "Stop after this many seconds (for scripts).")
    long seconds;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        TransportConfig config = TransportConfig.builder().heartbeatInterval(Duration.ofMillis(heartbeatMillis)).build();
        RelayServer relay = RelayServer.builder().bindHost(bind).port(port).config(config)
                .maxRooms(maxRooms).maxMembersPerRoom(maxMembers).build().start();
        Runtime.getRuntime().addShutdownHook(new Thread(relay::close, "duplex-relay-shutdown"));
        out.println("duplex relay listening on " + bind + ":" + relay.port());
        for (String address : localAddresses()) {
            out.println("  others can join with: ./duplex chat --host " + address + " --port " + relay.port());
        }
        out.flush();
        if (seconds > 0) {
            try {
                relay.closeFuture().get(seconds, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                relay.close();
            }
            out.println("duplex relay stopped: " + relay.stats());
        } else {
            relay.closeFuture().join();
        }
        return 0;
    }

    /** Non-loopback IPv4 addresses of this machine, or 127.0.0.1 when it has none. */
    static List<String> localAddresses() {
        List<String> result = new ArrayList<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp() || nif.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (a.getAddress().length == 4) {
                        result.add(a.getHostAddress());
                    }
                }
            }
        } catch (SocketException e) {
            // No interface list: loopback only.
        }
        if (result.isEmpty()) {
            result.add("127.0.0.1");
        }
        return result;
    }
}
