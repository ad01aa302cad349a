package dev.duplex.core.session;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A host and a port as people write and read them: {@code host}, {@code host:port},
 * {@code [::1]:port}. The one place where the apps and the launcher check ports and addresses typed
 * by a person, so that a bad one reads the same everywhere, and where an address is turned back into
 * words ({@code 127.0.0.1:41200}, {@code [::1]:41200}, never {@code /127.0.0.1:41200}).
 *
 * @param host a host name or address (IPv6 without brackets)
 * @param port 1..65535
 */
public record HostPort(String host, int port) {

    /** Checks that the host is not blank and the port is 1..65535. */
    public HostPort {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("The host must not be empty: enter a host name or an IP address.");
        }
        checkPort(port, false);
    }

    /**
     * Parses {@code HOST[:PORT]}; a bare IPv6 address is a host without a port.
     *
     * @throws IllegalArgumentException with a sentence if it cannot be read
     */
    public static HostPort parse(String text, int defaultPort) {
        String s = Objects.requireNonNull(text, "text").strip();
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + text + "' is missing the closing ']' of an IPv6 address.");
            }
            String host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (rest.isEmpty()) {
                return new HostPort(host, defaultPort);
            }
            if (!rest.startsWith(":")) {
                throw new IllegalArgumentException("'" + text + "' is not HOST[:PORT].");
            }
            return new HostPort(host, parsePort(rest.substring(1), text));
        }
        int colon = s.indexOf(':');
        if (colon < 0 || colon != s.lastIndexOf(':')) {
            return new HostPort(s, defaultPort);
        }
        return new HostPort(s.substring(0, colon), parsePort(s.substring(colon + 1), text));
    }

    /**
     * Parses {@code HOST[:PORT],HOST[:PORT],...} (the nodes of a relay cluster); spaces around the
     * commas are allowed.
     *
     * @throws IllegalArgumentException with a sentence if the list is empty or an address cannot be read
     */
    public static List<HostPort> parseList(String text, int defaultPort) {
        List<HostPort> out = new ArrayList<>();
        for (String part : Objects.requireNonNull(text, "text").split(",")) {
            if (part.isBlank()) {
                throw new IllegalArgumentException("'" + text + "' has an empty address: write HOST[:PORT],HOST[:PORT].");
            }
            out.add(parse(part, defaultPort));
        }
        return out;
    }

    /**
     * Checks a port number, with the sentence every command shows for a bad one.
     *
     * @param zeroAllowed true where 0 means "any free port" (listening)
     * @return {@code port}
     * @throws IllegalArgumentException "Port 99999 is out of range: use a number from 1 to 65535."
     */
    public static int checkPort(int port, boolean zeroAllowed) {
        int min = zeroAllowed ? 0 : 1;
        if (port < min || port > 65535) {
            throw new IllegalArgumentException("Port " + port + " is out of range: use a number from " + min
                    + " to 65535.");
        }
        return port;
    }

    /** The other end of a connection in words: {@code 127.0.0.1:41200}, {@code [::1]:41200}. */
    public static String describe(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getPort() > 0) {
            InetAddress ip = inet.getAddress();
            return new HostPort(ip != null ? address(ip) : inet.getHostString(), inet.getPort()).toString();
        }
        return String.valueOf(address);
    }

    /**
     * An IP address as people write it: IPv4 dotted, IPv6 in its short form ({@code ::1}, not
     * {@code 0:0:0:0:0:0:0:1}) and without a scope ({@code %eth0}).
     */
    public static String address(InetAddress ip) {
        String text = ip.getHostAddress().replaceFirst("%.*$", "");
        return ip instanceof Inet6Address ? compress(text) : text;
    }

    /** RFC 5952: lower case, leading zeros dropped, the longest run of two or more zero groups as "::". */
    private static String compress(String full) {
        String[] groups = full.toLowerCase(Locale.ROOT).split(":");
        if (groups.length != 8) {
            return full;
        }
        int bestStart = -1;
        int bestLength = 0;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && Integer.parseInt(groups[j], 16) == 0) {
                j++;
            }
            if (j - i > bestLength && j - i >= 2) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append(i == 0 ? "::" : ":");
                i += bestLength - 1;
                continue;
            }
            out.append(Integer.toHexString(Integer.parseInt(groups[i], 16)));
            if (i < 7) {
                out.append(':');
            }
        }
        return out.toString();
    }

    private static int parsePort(String digits, String text) {
        try {
            return checkPort(Integer.parseInt(digits.strip()), false);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has no valid port: write HOST:PORT with a port from 1"
                    + " to 65535.", e);
        }
    }

    /** {@code host:port}, with brackets around an IPv6 address. */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
