package dev.duplex.core.internal.web;

import dev.duplex.core.internal.security.PlaintextAnswer;
import dev.duplex.core.protocol.ErrorCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * The web port's answer, with TLS on, to a browser that asked for {@code http://}: a plain HTTP
 * {@code 400} whose text says to use {@code https://} and what the certificate warning will be.
 * Written as raw bytes, since it leaves below the HTTP codec. Stateless.
 */
public final class HttpsOnlyAnswer implements PlaintextAnswer {
    public static final HttpsOnlyAnswer INSTANCE = new HttpsOnlyAnswer();
    static final String SENTENCE = "This duplex relay serves its page over https only: open the same address with "
            + "https:// at the start. Your browser will then warn that the relay's certificate is self-signed: compare "
            + "its SHA-256 fingerprint with the one the relay's operator gave you, and accept it only if they are the "
            + "same (Chrome, Edge: Advanced, then Proceed; Firefox: Advanced, then Accept the Risk and Continue; "
            + "Safari: Show Details, then visit this website).";
    private static final byte[] RESPONSE;

    static {
        byte[] body = (SENTENCE + "\n").getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 400 Bad Request\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "X-Content-Type-Options: nosniff\r\n"
                + "Content-Security-Policy: " + WebSite.CONTENT_SECURITY_POLICY + "\r\n"
                + "Connection: close\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        RESPONSE = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, RESPONSE, 0, headBytes.length);
        System.arraycopy(body, 0, RESPONSE, headBytes.length, body.length);
    }

    private HttpsOnlyAnswer() {
    }

    @Override
    public ByteBuf encode(ErrorCode code, String sentence, ByteBufAllocator alloc) {
        return alloc.buffer(RESPONSE.length).writeBytes(RESPONSE);
    }
}
