package dev.duplex.core.internal.security;

import dev.duplex.core.internal.protocol.ProtocolException;
import dev.duplex.core.protocol.ErrorCode;
import dev.duplex.core.security.Fingerprint;
import dev.duplex.core.security.FirstContact;
import dev.duplex.core.security.KnownHosts;
import dev.duplex.core.security.TlsOptions;
import dev.duplex.core.security.TrustDecision;
import dev.duplex.core.security.TrustPrompt;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslClosedEngineException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.util.ReferenceCountUtil;
import java.nio.channels.ClosedChannelException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS layer of a connecting side. Puts an {@link SslHandler} below itself and holds the rest of
 * the pipeline back (no {@code channelActive}, so no HELLO and no room secret leaves; and nothing
 * the server sends reaches the session, up to 64 KiB kept for later) until the server's identity is
 * trusted: pinned or remembered (checked in the handshake by
 * {@link PinningTrustManager}), or accepted by the {@link TrustPrompt} on first contact. Then it
 * records the fingerprint on the channel ({@link ChannelIdentity}), lets the pipeline start and
 * leaves it. Until then nothing written above it leaves either (an ERROR reporting the refusal
 * included): a server that is not trusted gets not one byte of application data. A TLS failure
 * becomes an {@code ACCESS_DENIED} {@link ProtocolException} whose message says what happened.
 *
 * <p>A person may take longer to compare a fingerprint than the server waits for HELLO. If the server
 * closes the connection meanwhile, the channel carries the pending decision
 * ({@link ChannelIdentity#trustDecisionAfterClose}) so that the session connects again by itself once
 * the identity is trusted (remembered, or trusted once for this session), or reports the refusal.
 * Per-connection state: one instance per channel.
 */
final class TlsConnectHandler extends ChannelDuplexHandler {
    static final String SSL_HANDLER_NAME = "ssl";
    /** Most decrypted bytes kept from a server not yet trusted (it should send nothing before HELLO). */
    private static final int MAX_HELD_BYTES = 64 * 1024;
    private static final Logger log = LoggerFactory.getLogger(TlsConnectHandler.class);
    /** Why a write before trust failed (it never left). */
    private static final SSLException NOT_TRUSTED = new SSLException(
            "nothing is sent to a server whose identity is not trusted") {
        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    };

    private final TlsOptions options;
    private final SslContext context;
    private final String host;
    private final int port;
    private final long handshakeTimeoutMillis;
    private final String peerNoun;
    /** An identity trusted "this time only" by this connection's session, or null. */
    private final AtomicReference<Fingerprint> trustedOnce;
    private SslHandler ssl;
    private boolean activeHeld;
    private boolean trusted;
    private boolean failed;
    private boolean deciding;
    private final List<ByteBuf> held = new ArrayList<>();
    private int heldBytes;
    /** Set when the server closed the connection while the person was deciding: the decision to come. */
    private CompletableFuture<Void> afterClose;

    TlsConnectHandler(TlsOptions options, SslContext context, String host, int port, long handshakeTimeoutMillis,
                      String peerNoun, AtomicReference<Fingerprint> trustedOnce) {
        this.options = options;
        this.context = context;
        this.host = host;
        this.port = port;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
        this.peerNoun = peerNoun;
        this.trustedOnce = trustedOnce;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ssl = context.newHandler(ctx.alloc(), host, port);
        ssl.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
        ctx.pipeline().addBefore(ctx.name(), SSL_HANDLER_NAME, ssl);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // Held until the server is trusted: the session must not say HELLO to an unverified server.
        activeHeld = true;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (trusted) {
            ctx.fireChannelRead(msg);
            return;
        }
        // Nothing from a server that is not trusted yet reaches the session; it is kept until then.
        ByteBuf bytes = (ByteBuf) msg;
        if (failed || heldBytes + bytes.readableBytes() > MAX_HELD_BYTES) {
            bytes.release();
            if (!failed) {
                refuse(ctx, "The " + peerNoun + " at " + KnownHosts.key(host, port) + " sent too much before its "
                        + "identity was checked: not connected.");
            }
            return;
        }
        held.add(bytes);
        heldBytes += bytes.readableBytes();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (trusted) {
            ctx.write(msg, promise);
            return;
        }
        ReferenceCountUtil.release(msg);
        if (!promise.isVoid()) {
            promise.tryFailure(NOT_TRUSTED);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (trusted) {
            ctx.fireChannelReadComplete();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent done) {
            if (done.isSuccess()) {
                verify(ctx);
            } else {
                fail(ctx, done.cause());
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (trusted) {
            ctx.fireExceptionCaught(cause);
        } else {
            fail(ctx, cause);
        }
    }

    private void verify(ChannelHandlerContext ctx) {
        Fingerprint presented;
        try {
            Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
            presented = Fingerprint.of((X509Certificate) chain[0]);
        } catch (SSLPeerUnverifiedException | ClassCastException | ArrayIndexOutOfBoundsException e) {
            fail(ctx, e);
            return;
        }
        Optional<Fingerprint> expected = Trust.expected(options, host, port);
        if (expected.isPresent()) {
            if (!expected.get().equals(presented)) {
                // The trust manager refuses this during the handshake already; this is a second look.
                refuse(ctx, Trust.mismatchSentence(options, peerNoun, host, port, expected.get(), presented));
                return;
            }
            if (options.pinnedFingerprint().isPresent()) {
                Trust.remember(options, host, port, presented);
            }
            trust(ctx, presented);
            return;
        }
        if (presented.equals(trustedOnce.get())) {
            trust(ctx, presented);
            return;
        }
        FirstContact contact = new FirstContact(host, port, presented, peerNoun);
        deciding = true;
        try {
            options.trustPrompt().decide(contact).whenComplete((decision, error) -> {
                TrustDecision d = error == null ? decision : null;
                // Remembered here, on whatever thread decided: the session's loop may be gone by now.
                if (d == TrustDecision.TRUST_AND_REMEMBER) {
                    Trust.remember(options, host, port, contact.fingerprint());
                }
                try {
                    ctx.executor().execute(() -> decided(ctx, contact, d));
                } catch (RejectedExecutionException sessionGone) {
                    log.debug("Trust decision for {} arrived after the session ended", contact);
                }
            });
        } catch (RuntimeException e) {
            log.warn("The trust prompt failed for {}", contact, e);
            decided(ctx, contact, null);
        }
    }

    private void decided(ChannelHandlerContext ctx, FirstContact contact, TrustDecision decision) {
        deciding = false;
        if (failed) {
            return;
        }
        boolean trusts = decision == TrustDecision.TRUST_AND_REMEMBER || decision == TrustDecision.TRUST_ONCE;
        if (decision == TrustDecision.TRUST_ONCE) {
            trustedOnce.set(contact.fingerprint());
        }
        String refusal = "You did not trust the identity " + contact.fingerprint() + " of the " + peerNoun + " at "
                + KnownHosts.key(host, port) + ": not connected.";
        if (afterClose == null && !ctx.channel().isActive()) {
            // Closed, and its channelInactive is still on its way: the session will find the outcome there.
            waitedTooLong(ctx);
        }
        if (afterClose != null) {
            if (trusts) {
                afterClose.complete(null);
            } else {
                afterClose.completeExceptionally(new ProtocolException(ErrorCode.ACCESS_DENIED, refusal));
            }
            return;
        }
        if (trusts) {
            trust(ctx, contact.fingerprint());
        } else {
            refuse(ctx, refusal);
        }
    }

    /** The server gave up waiting for the person: the decision goes with the channel to the session. */
    private void waitedTooLong(ChannelHandlerContext ctx) {
        afterClose = new CompletableFuture<>();
        ctx.channel().attr(ChannelIdentity.TRUST_AFTER_CLOSE).set(afterClose);
        log.debug("The {} at {} closed the connection while its identity was being checked", peerNoun,
                KnownHosts.key(host, port));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (deciding && afterClose == null && !failed) {
            waitedTooLong(ctx);
        }
        releaseHeld();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseHeld();
    }

    private void releaseHeld() {
        held.forEach(ByteBuf::release);
        held.clear();
        heldBytes = 0;
    }

    private void trust(ChannelHandlerContext ctx, Fingerprint fingerprint) {
        if (failed) {
            return;
        }
        trusted = true;
        ctx.channel().attr(ChannelIdentity.PEER_FINGERPRINT).set(fingerprint);
        log.debug("Connected to {} over {} with {}, identity {}", ctx.channel().remoteAddress(),
                ssl.engine().getSession().getProtocol(), ssl.engine().getSession().getCipherSuite(), fingerprint);
        if (activeHeld) {
            ctx.fireChannelActive();
        }
        if (!held.isEmpty()) {
            held.forEach(ctx::fireChannelRead);
            held.clear();
            heldBytes = 0;
            ctx.fireChannelReadComplete();
        }
        ctx.pipeline().remove(this);
    }

    private void fail(ChannelHandlerContext ctx, Throwable cause) {
        refuse(ctx, sentence(cause, ctx.channel().isActive()));
    }

    private void refuse(ChannelHandlerContext ctx, String sentence) {
        if (failed) {
            return;
        }
        failed = true;
        releaseHeld();
        ctx.fireExceptionCaught(new ProtocolException(ErrorCode.ACCESS_DENIED, sentence));
        ctx.close();
    }

    /** What went wrong, for people; {@code open} is whether the connection was still open when it did. */
    private String sentence(Throwable cause, boolean open) {
        String where = "the " + peerNoun + " at " + KnownHosts.key(host, port);
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof IdentityMismatchException mismatch) {
                return mismatch.getMessage();
            }
            if (t instanceof NotSslRecordException) {
                return capitalized(where) + " answered without TLS: it probably runs with --plaintext. Connect with "
                        + "--plaintext only if you trust the network.";
            }
            if (t instanceof SslHandshakeTimeoutException) {
                return "The secure connection to " + where + " was not set up within " + handshakeTimeoutMillis
                        + " ms: is it a duplex " + peerNoun + "?";
            }
        }
        Throwable root = cause;
        while (root != null && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        // The other side went away: the channel closed, the engine was closed, or the handshake failed with the channel closed.
        if (root == null || root instanceof ClosedChannelException || root instanceof SslClosedEngineException
                || root instanceof SSLHandshakeException && !open) {
            return capitalized(where) + " closed the connection during the TLS handshake: is it a duplex " + peerNoun
                    + " that uses TLS?";
        }
        return "The secure connection to " + where + " failed (" + root.getMessage() + "): the other side may run "
                + "another version of duplex.";
    }

    private static String capitalized(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
