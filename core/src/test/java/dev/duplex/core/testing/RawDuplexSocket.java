package dev.duplex.core.testing;

import dev.duplex.core.internal.protocol.Frame;
import dev.duplex.core.internal.protocol.FrameCodec;
import dev.duplex.core.internal.protocol.Hello;
import dev.duplex.core.internal.protocol.Wire;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A blocking {@code java.net.Socket} that speaks raw duplex frames: for tests that need a peer
 * which misbehaves (sends garbage, never reads, never answers heartbeats).
 */
public final class RawDuplexSocket implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawDuplexSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects to 127.0.0.1:port; {@code receiveBuffer} > 0 shrinks the kernel receive buffer. */
    public static RawDuplexSocket connect(int port, int receiveBuffer) throws IOException {
        Socket s = new Socket();
        if (receiveBuffer > 0) {
            s.setReceiveBufferSize(receiveBuffer);
        }
        s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        s.setSoTimeout(5000);
        return new RawDuplexSocket(s);
    }

    /**
     * Connects to 127.0.0.1:port from the loopback address {@code localHost} (e.g. 127.0.0.2), so a
     * test can act as several source addresses.
     */
    public static RawDuplexSocket connectFrom(String localHost, int port) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(localHost, 0));
        s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        s.setSoTimeout(5000);
        return new RawDuplexSocket(s);
    }

    /** Sends HELLO for nickname/room and returns the socket (the WELCOME is left unread). */
    public RawDuplexSocket hello(String nickname, String room) throws IOException {
        send(new Hello(nickname, room));
        return this;
    }

    public void send(Frame frame) throws IOException {
        sendRaw(encode(frame));
    }

    /** The bytes of {@code frame} on the wire (which the caller keeps owning). */
    public static byte[] encode(Frame frame) {
        ByteBuf bytes = FrameCodec.encode(frame, UnpooledByteBufAllocator.DEFAULT);
        try {
            return ByteBufUtil.getBytes(bytes);
        } finally {
            bytes.release();
        }
    }

    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads the next frame (video content copied to an unpooled buffer the caller may ignore). */
    public Frame read() throws IOException {
        byte[] header = new byte[Wire.HEADER_LENGTH];
        in.readFully(header);
        int length = ((header[2] & 0xFF) << 24) | ((header[3] & 0xFF) << 16) | ((header[4] & 0xFF) << 8)
                | (header[5] & 0xFF);
        byte[] whole = new byte[Wire.HEADER_LENGTH + length];
        System.arraycopy(header, 0, whole, 0, header.length);
        in.readFully(whole, Wire.HEADER_LENGTH, length);
        return FrameCodec.decode(Unpooled.wrappedBuffer(whole));
    }

    /** Reads frames until one of {@code type} arrives (bounded by the socket timeout). */
    @SuppressWarnings("unchecked")
    public <T extends Frame> T readUntil(Class<T> type) throws IOException {
        for (int i = 0; i < 10_000; i++) {
            Frame f = read();
            if (type.isInstance(f)) {
                return (T) f;
            }
            if (f instanceof io.netty.util.ReferenceCounted rc) {
                rc.release();
            }
        }
        throw new IOException("no " + type.getSimpleName() + " in 10000 frames");
    }

    /** True once the other side has closed: reads until EOF (discarding frames) within the timeout. */
    public boolean closedByPeer() throws IOException {
        try {
            while (in.read() >= 0) {
                // discard
            }
            return true;
        } catch (EOFException e) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    public Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
