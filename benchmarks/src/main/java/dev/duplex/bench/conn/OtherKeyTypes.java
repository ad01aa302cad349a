package dev.duplex.bench.conn;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Keys of other types than a duplex identity's (EC P-256) with a self-signed certificate each, to
 * see what the JDK's TLS does with them: is the key type a lever for the handshake rate?
 */
final class OtherKeyTypes {
    /** A private key and its certificate, named for the report ("rsa2048"). */
    record Key(String name, PrivateKey privateKey, X509Certificate certificate) {
    }

    private OtherKeyTypes() {
    }

    static Key rsa2048() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return selfSigned("rsa2048", g.generateKeyPair(), "SHA256withRSA");
    }

    static Key ed25519() throws GeneralSecurityException {
        return selfSigned("ed25519", KeyPairGenerator.getInstance("Ed25519").generateKeyPair(), "Ed25519");
    }

    private static Key selfSigned(String name, KeyPair keys, String signatureAlgorithm)
            throws GeneralSecurityException {
        X500Name subject = new X500Name("CN=duplex-bench");
        Instant now = Instant.now();
        try {
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    new JcaX509v3CertificateBuilder(subject, BigInteger.ONE, Date.from(now.minus(Duration.ofDays(1))),
                            Date.from(now.plus(Duration.ofDays(1))), subject, keys.getPublic())
                            .build(new JcaContentSignerBuilder(signatureAlgorithm).build(keys.getPrivate())));
            return new Key(name, keys.getPrivate(), certificate);
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign a " + name + " certificate: " + e.getMessage(), e);
        }
    }
}
