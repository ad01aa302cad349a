package dev.duplex.core.internal.security;

import java.security.cert.CertificateException;

/**
 * A server presented another identity than the one pinned or remembered for its address. Thrown by
 * the trust manager during the TLS handshake, so the handshake fails; its message is the warning
 * shown to the person.
 */
final class IdentityMismatchException extends CertificateException {
    private static final long serialVersionUID = 1L;

    IdentityMismatchException(String sentence) {
        super(sentence);
    }
}
