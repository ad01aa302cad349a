package dev.duplex.chat.control;

import java.util.Objects;

/**
 * A host and a port as people write them: {@code host}, {@code host:port}, {@code [::1]:port}.
 *
 * @param host a host name or address (IPv6 without brackets)
 * @param port 1..65535
 */
public record HostPort(String host, int port) {

    public HostPort {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("The host must not be empty.");
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

    /** Checks a port number, with a sentence naming the expected range. */
    public static int checkPort(int port, boolean zeroAllowed) {
        int min = zeroAllowed ? 0 : 1;
        if (port < min || port > 65535) {
            throw new IllegalArgumentException("Port " + port + " is out of range: use a number from " + min
                    + " to 65535.");
        }
        return port;
    }

    private static int parsePort(String digits, String text) {
        try {
            return checkPort(Integer.parseInt(digits), false);
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
