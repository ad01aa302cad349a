package dev.duplex.core.session;

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
 * This machine's addresses as others can use them to reach something listening here (a relay, a
 * listening peer), the one place the apps and the launcher find them: every interface that is up,
 * loopback and link-local addresses left out, IPv4 first, IPv6 in its short form without a scope;
 * just {@code 127.0.0.1} when there is no other. A listener bound to one address is reachable at that
 * address only.
 */
public final class LocalAddresses {
    private static final Logger log = LoggerFactory.getLogger(LocalAddresses.class);

    private LocalAddresses() {
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

    /** Where a listener bound to {@code bindHost} can be reached: see {@link #forBind(String, List)}. */
    public static List<String> forBind(String bindHost) {
        return isWildcard(bindHost) ? interfaceAddresses() : forBind(bindHost, List.of());
    }

    /**
     * Where a listener bound to {@code bindHost} can be reached, given this machine's
     * {@code interfaces} addresses: every one of them for a wildcard ({@code 0.0.0.0}, {@code ::},
     * {@code [::]}; {@code 127.0.0.1} when there are none), else the bound address alone (without
     * brackets or a scope).
     */
    public static List<String> forBind(String bindHost, List<String> interfaces) {
        if (!isWildcard(bindHost)) {
            String host = bindHost.strip();
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            return List.of(host.replaceFirst("%.*$", ""));
        }
        return interfaces.isEmpty() ? List.of("127.0.0.1") : List.copyOf(interfaces);
    }

    /** {@code host:port} for each address, IPv6 in brackets: {@code 192.168.0.5:24000}, {@code [fd00::2]:24000}. */
    public static List<String> withPort(List<String> addresses, int port) {
        return addresses.stream().map(a -> new HostPort(a, port).toString()).toList();
    }

    /** This machine's host name (may ask DNS: not on an event loop or the UI thread), or "this computer". */
    public static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            log.debug("Cannot resolve the local host name", e);
            String env = System.getenv("HOSTNAME");
            return env == null || env.isBlank() ? "this computer" : env;
        }
    }

    private static boolean isWildcard(String bindHost) {
        String host = bindHost.strip();
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }
}
