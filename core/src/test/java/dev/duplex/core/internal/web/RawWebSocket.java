package dev.duplex.core.internal.web;

import dev.duplex.core.internal.protocol.Frame;
import dev.duplex.core.internal.protocol.FrameCodec;
import dev.duplex.core.internal.protocol.Ping;
import dev.duplex.core.internal.protocol.Pong;
import dev.duplex.core.security.Identity;
import dev.duplex.core.testing.RawDuplexSocket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCounted;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A browser's WebSocket to the relay's web port, on a blocking socket and written by hand: the
 * upgrade with an Origin, then duplex frames as masked binary messages. It reads only when asked, so
 * a test can also play a member that stops reading.
 */
final class RawWebSocket implements AutoCloseable {
    /** A WebSocket close frame that arrived instead of a duplex frame. */
    record Closed(int code, String reason) {
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /**
     * Connects to the web port and opens the WebSocket with the page's own Origin.
     *
     * @param tls            the relay's identity to trust for wss, or {@code null} for ws
     * @param receiveBuffer  the kernel's receive buffer (0: the default), small for a member that stops reading
     */
    static RawWebSocket open(int port, Identity tls, int receiveBuffer) throws Exception {
        Socket s = tls == null ? new Socket() : trusting(tls).getSocketFactory().createSocket();
        if (receiveBuffer > 0) {
            s.setReceiveBufferSize(receiveBuffer);
        }
        s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        s.setSoTimeout(5000);
        RawWebSocket ws = new RawWebSocket(s);
        String host = "127.0.0.1:" + port;
        ws.sendRaw(WebSocketWire.upgrade(host, (tls == null ? "http://" : "https://") + host));
        String head = ws.readHead();
        if (!head.startsWith("HTTP/1.1 101 ")) {
            throw new IOException("no upgrade: " + head);
        }
        return ws;
    }

    static RawWebSocket open(int port) throws Exception {
        return open(port, null, 0);
    }

    private static SSLContext trusting(Identity identity) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setCertificateEntry("relay", identity.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            head.write(in.readUnsignedByte());
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** Sends {@code frame} as one binary message. */
    void send(Frame frame) throws IOException {
        sendMessage(RawDuplexSocket.encode(frame));
    }

    /** Sends each frame as a binary message, all in one write. */
    void sendAll(List<? extends Frame> frames) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (Frame frame : frames) {
            ByteBuf message = WebSocketWire.binary(RawDuplexSocket.encode(frame));
            all.writeBytes(ByteBufUtil.getBytes(message));
            message.release();
        }
        out.write(all.toByteArray());
        out.flush();
    }

    /** Sends {@code bytes} as they are (released). */
    void sendRaw(ByteBuf bytes) throws IOException {
        try {
            out.write(ByteBufUtil.getBytes(bytes));
            out.flush();
        } finally {
            bytes.release();
        }
    }

    /** Sends {@code payload} as one binary message, whatever it holds. */
    void sendMessage(byte[] payload) throws IOException {
        ByteBuf frame = WebSocketWire.binary(payload);
        try {
            out.write(ByteBufUtil.getBytes(frame));
            out.flush();
        } finally {
            frame.release();
        }
    }

    /**
     * The next message: a duplex {@link Frame}, or {@link Closed} (VIDEO content copied; the caller may
     * ignore it). A message that is not exactly one frame fails, as a browser's client would.
     */
    Object read() throws IOException {
        int first = in.readUnsignedByte();
        int length = in.readUnsignedByte() & 0x7f;
        long n = length == 126 ? in.readUnsignedShort() : length == 127 ? in.readLong() : length;
        byte[] payload = new byte[(int) n];
        in.readFully(payload);
        if ((first & 0x0f) == WebSocketWire.CLOSE) {
            int code = ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
            return new Closed(code, new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8));
        }
        if (!WebSocketBridge.isOneFrame(Unpooled.wrappedBuffer(payload))) {
            throw new IOException("a WebSocket message of " + payload.length + " bytes is not exactly one duplex frame");
        }
        return FrameCodec.decode(Unpooled.wrappedBuffer(payload));
    }

    /** Reads until a frame of {@code type} comes, answering PINGs meanwhile and dropping the rest. */
    @SuppressWarnings("unchecked")
    <T> T readUntil(Class<T> type) throws IOException {
        for (int i = 0; i < 10_000; i++) {
            Object f = read();
            if (type.isInstance(f)) {
                return (T) f;
            }
            if (f instanceof Closed closed && type != Closed.class) {
                throw new IOException("closed (" + closed.code() + " " + closed.reason() + ") before a "
                        + type.getSimpleName());
            }
            if (f instanceof Ping ping) {
                send(new Pong(ping.sendTimeMicros(), System.currentTimeMillis() * 1000));
            }
            if (f instanceof ReferenceCounted rc) {
                rc.release();
            }
        }
        throw new IOException("no " + type.getSimpleName() + " in 10000 frames");
    }

    /** True once the relay has closed the TCP connection within the read timeout (frames discarded). */
    boolean closedByPeer() throws IOException {
        try {
            while (in.read() >= 0) {
                // discard
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
