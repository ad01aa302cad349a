package dev.duplex.chat.control;

import dev.duplex.core.session.HostPort;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This computer's name and addresses, to tell the other person where to connect (the lecture's
 * "MyAddr" field, but every interface rather than whatever the host name resolves to).
 *
 * @param hostName  the host name, or "this computer" if it cannot be found
 * @param addresses the addresses of the interfaces that are up, IPv4 first, loopback excluded
 *                  (just {@code 127.0.0.1} when there is no other)
 */
public record LocalAddresses(String hostName, List<String> addresses) {
    private static final Logger log = LoggerFactory.getLogger(LocalAddresses.class);

    public LocalAddresses {
        addresses = List.copyOf(addresses);
    }

    /** Looks up the host name (which may ask DNS: call it off the UI thread) and the addresses. */
    public static LocalAddresses discover() {
        String name;
        try {
            name = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            log.debug("Cannot resolve the local host name", e);
            String env = System.getenv("HOSTNAME");
            name = env == null || env.isBlank() ? "this computer" : env;
        }
        return new LocalAddresses(name, interfaceAddresses());
    }

    /** The addresses of the interfaces that are up (no DNS), IPv4 first; {@code 127.0.0.1} if none. */
    public static List<String> interfaceAddresses() {
        List<InetAddress> found = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nic.isUp() && !nic.isLoopback()) {
                    for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                        if (!address.isLinkLocalAddress() && !address.isLoopbackAddress()) {
                            found.add(address);
                        }
                    }
                }
            }
        } catch (SocketException e) {
            log.debug("Cannot list the network interfaces", e);
        }
        found.sort(Comparator.comparing(a -> a instanceof Inet4Address ? 0 : 1));
        List<String> result = found.stream().map(HostPort::address).distinct().toList();
        return result.isEmpty() ? List.of("127.0.0.1") : result;
    }

    /** The addresses joined with {@code port}: {@code 192.168.0.5:24000, 10.0.0.2:24000}. */
    public static String withPort(List<String> addresses, int port) {
        return String.join(", ", addresses.stream().map(a -> new HostPort(a, port).toString()).toList());
    }
}
