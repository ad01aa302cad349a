package dev.duplex.core.internal.web;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The bytes a browser sends to the web port and reads back, written and read by hand (RFC 6455 and
 * HTTP/1.1), so that tests see the gateway exactly as the wire does.
 */
final class WebSocketWire {
    /** The handshake key of RFC 6455's example, and the accept value it must be answered with. */
    static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    static final String ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";
    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    private static final byte[] MASK = {0x37, (byte) 0xfa, 0x21, 0x3d};

    private WebSocketWire() {
    }

    /** A GET of {@code path} with the given extra header lines (each "Name: value"). */
    static ByteBuf request(String method, String path, String... headers) {
        StringBuilder s = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n");
        for (String h : headers) {
            s.append(h).append("\r\n");
        }
        return Unpooled.copiedBuffer(s.append("\r\n").toString(), StandardCharsets.ISO_8859_1);
    }

    /** A browser's upgrade request to the duplex WebSocket. */
    static ByteBuf upgrade(String host, String origin, String... more) {
        List<String> headers = new ArrayList<>(List.of("Host: " + host, "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Key: " + KEY, "Sec-WebSocket-Version: 13"));
        if (origin != null) {
            headers.add("Origin: " + origin);
        }
        headers.addAll(List.of(more));
        return request("GET", "/duplex", headers.toArray(String[]::new));
    }

    /** One client frame: masked, as browsers send them. */
    static ByteBuf clientFrame(boolean fin, int opcode, byte[] payload) {
        ByteBuf out = Unpooled.buffer();
        out.writeByte((fin ? 0x80 : 0) | opcode);
        if (payload.length < 126) {
            out.writeByte(0x80 | payload.length);
        } else if (payload.length < 65536) {
            out.writeByte(0x80 | 126).writeShort(payload.length);
        } else {
            out.writeByte(0x80 | 127).writeLong(payload.length);
        }
        out.writeBytes(MASK);
        for (int i = 0; i < payload.length; i++) {
            out.writeByte(payload[i] ^ MASK[i % 4]);
        }
        return out;
    }

    static ByteBuf binary(byte[] payload) {
        return clientFrame(true, BINARY, payload);
    }

    /** A server frame as read from the wire (never masked). */
    record Frame(int opcode, byte[] payload) {
        int closeCode() {
            return ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        }
    }

    /** An HTTP response as read from the wire. */
    record Response(int status, Map<String, String> headers, String body, byte[] rest) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** Everything the channel has written so far, as one array (its buffers released). */
    static byte[] written(EmbeddedChannel ch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object o = ch.readOutbound(); o != null; o = ch.readOutbound()) {
            ByteBuf b = (ByteBuf) o;
            byte[] bytes = new byte[b.readableBytes()];
            b.readBytes(bytes);
            b.release();
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    /** Reads one HTTP response from the start of {@code bytes}; what follows it is {@code rest}. */
    static Response response(byte[] bytes) {
        return response(bytes, false);
    }

    /** The same for an answer to HEAD: no body, whatever Content-Length says. */
    static Response response(byte[] bytes, boolean toHead) {
        String all = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = all.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new AssertionError("no whole HTTP response in: " + all);
        }
        String[] lines = all.substring(0, end).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
        }
        int length = toHead ? 0 : Integer.parseInt(headers.getOrDefault("content-length", "0"));
        int bodyStart = end + 4;
        String body = new String(bytes, bodyStart, length, StandardCharsets.UTF_8);
        byte[] rest = new byte[bytes.length - bodyStart - length];
        System.arraycopy(bytes, bodyStart + length, rest, 0, rest.length);
        return new Response(Integer.parseInt(lines[0].split(" ")[1]), headers, body, rest);
    }

    /** Reads the server frames in {@code bytes}. */
    static List<Frame> frames(byte[] bytes) {
        List<Frame> frames = new ArrayList<>();
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        while (in.isReadable()) {
            int opcode = in.readUnsignedByte() & 0x0f;
            int length = in.readUnsignedByte() & 0x7f;
            long n = length == 126 ? in.readUnsignedShort() : length == 127 ? in.readLong() : length;
            byte[] payload = new byte[(int) n];
            in.readBytes(payload);
            frames.add(new Frame(opcode, payload));
        }
        return frames;
    }
}
