package dev.duplex.core.internal.security;

import dev.duplex.core.security.Fingerprint;
import dev.duplex.core.security.TlsOptions;
import dev.duplex.core.security.TrustPrompt;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Accepts a server certificate by its {@link Fingerprint} alone: if one is pinned or remembered for
 * the engine's host and port, the certificate must have exactly that fingerprint, else the handshake
 * fails with the warning. An address never seen passes here and is decided after the handshake by
 * the {@link TrustPrompt} (trust on first use). Chains, names and dates are not checked: the
 * certificates are self-signed and pinned.
 */
final class PinningTrustManager extends X509ExtendedTrustManager {
    private final TlsOptions options;
    private final String peerNoun;

    PinningTrustManager(TlsOptions options, String peerNoun) {
        this.options = options;
        this.peerNoun = peerNoun;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("The other side presented no certificate.");
        }
        String host = engine.getPeerHost();
        int port = engine.getPeerPort();
        Fingerprint presented = Fingerprint.of(chain[0]);
        Optional<Fingerprint> expected = Trust.expected(options, host, port);
        if (expected.isPresent() && !expected.get().equals(presented)) {
            throw new IdentityMismatchException(Trust.mismatchSentence(options, peerNoun, host, port, expected.get(), presented));
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("duplex checks server identities on SSLEngines only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("duplex checks server identities on SSLEngines only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("This side does not accept client certificates.");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("This side does not accept client certificates.");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("This side does not accept client certificates.");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
