package dev.duplex.video.call;

import dev.duplex.core.session.HostPort;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The addresses to give the other side when listening, as the lecture's server printed its IP:
 * every up, non-loopback interface's address (IPv4 first), or the bind address if it is specific.
 */
public final class LocalAddresses {
    private LocalAddresses() {
    }

    /** "host:port" strings a peer can connect to. */
    public static List<String> forListening(String bindHost, int port) {
        if (!bindHost.equals("0.0.0.0") && !bindHost.equals("::")) {
            return List.of(hostPort(bindHost, port));
        }
        List<String> v4 = new ArrayList<>();
        List<String> v6 = new ArrayList<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp() || nif.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nif.getInetAddresses())) {
                    if (address.isLinkLocalAddress()) {
                        continue;
                    }
                    (address instanceof Inet4Address ? v4 : v6).add(new HostPort(HostPort.address(address), port)
                            .toString());
                }
            }
        } catch (SocketException e) {
            // No interface list: the loopback address below still works on this machine.
        }
        List<String> all = new ArrayList<>(v4);
        all.addAll(v6);
        if (all.isEmpty()) {
            all.add(hostPort("127.0.0.1", port));
        }
        return List.copyOf(all);
    }

    private static String hostPort(String host, int port) {
        return new HostPort(host.replaceFirst("%.*$", ""), port).toString();
    }
}
