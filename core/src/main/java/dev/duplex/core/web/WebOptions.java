package dev.duplex.core.web;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The relay's web port: the page a browser joins from, and the WebSocket it then speaks the duplex
 * protocol over (one frame per binary message). Set it with {@code RelayServer.builder().web(...)};
 * without it a relay has no web port. Immutable; build one with {@link #builder()}.
 * <pre>{@code
 * RelayServer.builder().port(24100).web(WebOptions.onPort(24101)).build().start();
 * }</pre>
 * Every bound has a default and is checked when set.
 */
public final class WebOptions {
    /** Where the WebSocket is, on the web port. */
    public static final String WEBSOCKET_PATH = "/duplex";
    /** The web port {@code ./duplex server} uses by default: the relay's port plus this. */
    public static final int PORT_OFFSET = 1;

    private final int port;
    private final Set<String> allowedOrigins;
    private final int maxRequestLineBytes;
    private final int maxRequestHeaderBytes;
    private final int maxRequestsPerConnection;

    private WebOptions(Builder b) {
        this.port = b.port;
        this.allowedOrigins = Set.copyOf(b.allowedOrigins);
        this.maxRequestLineBytes = b.maxRequestLineBytes;
        this.maxRequestHeaderBytes = b.maxRequestHeaderBytes;
        this.maxRequestsPerConnection = b.maxRequestsPerConnection;
    }

    /** The defaults on {@code port} (0 picks a free one). */
    public static WebOptions onPort(int port) {
        return builder().port(port).build();
    }

    /** A builder with the defaults described on each of its methods. */
    public static Builder builder() {
        return new Builder();
    }

    /** TCP port of the page and its WebSocket. */
    public int port() {
        return port;
    }

    /**
     * Origins besides the page's own whose pages may open the WebSocket (e.g. {@code
     * https://chat.example.org} when a proxy serves the page under another name), in the form
     * browsers send: {@code scheme://host[:port]}, lower case.
     */
    public Set<String> allowedOrigins() {
        return allowedOrigins;
    }

    /** Longest HTTP request line (method, path, version) accepted. */
    public int maxRequestLineBytes() {
        return maxRequestLineBytes;
    }

    /** Most bytes of HTTP headers in one request. */
    public int maxRequestHeaderBytes() {
        return maxRequestHeaderBytes;
    }

    /** Most HTTP requests one connection may make before it is closed (keep-alive). */
    public int maxRequestsPerConnection() {
        return maxRequestsPerConnection;
    }

    @Override
    public String toString() {
        return "WebOptions[port=" + port + ", allowedOrigins=" + allowedOrigins + ", maxRequestLine="
                + maxRequestLineBytes + ", maxRequestHeaders=" + maxRequestHeaderBytes + ", maxRequestsPerConnection="
                + maxRequestsPerConnection + "]";
    }

    /** Builds {@link WebOptions}; each setter validates its argument at once. */
    public static final class Builder {
        private int port;
        private final Set<String> allowedOrigins = new LinkedHashSet<>();
        private int maxRequestLineBytes = 4096;
        private int maxRequestHeaderBytes = 8192;
        private int maxRequestsPerConnection = 32;

        private Builder() {
        }

        /** TCP port (default 0: a free one). */
        public Builder port(int value) {
            if (value < 0 || value > 65535) {
                throw new IllegalArgumentException("port: " + value + " (expected: 0..65535)");
            }
            this.port = value;
            return this;
        }

        /**
         * Lets pages from {@code origin} ({@code scheme://host[:port]}, e.g. {@code https://chat.example.org})
         * open the WebSocket too; by default only the page's own origin may. Repeat for more.
         */
        public Builder allowOrigin(String origin) {
            Objects.requireNonNull(origin, "origin");
            String lower = origin.strip().toLowerCase(Locale.ROOT);
            if (!lower.matches("(https?)://[^/\\s?#]+")) {
                throw new IllegalArgumentException("origin: '" + origin
                        + "' (expected: scheme://host[:port], e.g. https://chat.example.org, no path)");
            }
            allowedOrigins.add(lower);
            return this;
        }

        /** Longest request line (default 4096 bytes). */
        public Builder maxRequestLineBytes(int value) {
            this.maxRequestLineBytes = atLeast("maxRequestLineBytes", value, 256);
            return this;
        }

        /** Most bytes of request headers (default 8192). */
        public Builder maxRequestHeaderBytes(int value) {
            this.maxRequestHeaderBytes = atLeast("maxRequestHeaderBytes", value, 1024);
            return this;
        }

        /** Most requests per connection (default 32). */
        public Builder maxRequestsPerConnection(int value) {
            this.maxRequestsPerConnection = atLeast("maxRequestsPerConnection", value, 1);
            return this;
        }

        /** The options set so far (each was checked when it was set). */
        public WebOptions build() {
            return new WebOptions(this);
        }

        private static int atLeast(String name, int value, int min) {
            if (value < min) {
                throw new IllegalArgumentException(name + ": " + value + " (expected: >= " + min + ")");
            }
            return value;
        }
    }
}
