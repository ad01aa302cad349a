package dev.duplex.core.security;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who a relay or listening peer is: a private key and its self-signed certificate, whose
 * {@link Fingerprint} clients pin. {@link #loadOrCreate} keeps it in one owner-only PEM file
 * ({@value #FILE_NAME}, {@code rw-------}) so that it stays the same across restarts; losing or
 * replacing that file makes every client that met the old identity refuse the new one.
 */
public final class Identity {
    /** The file in the data directory that holds the key and the certificate, PEM encoded. */
    public static final String FILE_NAME = "identity.pem";

    private static final Logger log = LoggerFactory.getLogger(Identity.class);
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)-----END \\1-----");

    private final PrivateKey privateKey;
    private final X509Certificate certificate;
    private final Fingerprint fingerprint;
    private final Path file;

    private Identity(PrivateKey privateKey, X509Certificate certificate, Path file) {
        this.privateKey = privateKey;
        this.certificate = certificate;
        this.fingerprint = Fingerprint.of(certificate);
        this.file = file;
    }

    /** A new identity kept only in memory (tests, throw-away peers). */
    public static Identity generate() {
        try {
            KeyPair keys = SelfSignedCertificates.newKeyPair();
            return new Identity(keys.getPrivate(), SelfSignedCertificates.selfSigned(keys, "duplex"), null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot make a key pair: " + e.getMessage(), e);
        }
    }

    /**
     * Loads the identity kept in {@code directory}, or makes one and stores it there (creating the
     * directory owner-only) on first use.
     *
     * @throws IllegalStateException with a sentence if the file cannot be read, written or understood
     */
    public static Identity loadOrCreate(Path directory) {
        Path file = directory.resolve(FILE_NAME);
        try {
            return load(file);
        } catch (NoSuchFileException e) {
            return create(file);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the identity " + file + ": " + e.getMessage(), e);
        }
    }

    private static Identity create(Path file) {
        Identity fresh = generate();
        try {
            OwnerOnlyFiles.write(file, fresh.toPem().getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot store a new identity in " + file + ": " + e.getMessage()
                    + ". Choose a writable data directory.", e);
        }
        log.info("Made a new identity {} in {}", fresh.fingerprint, file);
        return new Identity(fresh.privateKey, fresh.certificate, file);
    }

    private static Identity load(Path file) throws IOException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        if (!OwnerOnlyFiles.isOwnerOnly(file)) {
            log.warn("{} could be read by other users; its permissions are now rw------- (owner only). "
                    + "If others may have copied it, delete it to make a new identity.", file);
            OwnerOnlyFiles.restrict(file);
        }
        byte[] key = null;
        byte[] cert = null;
        Matcher m = PEM.matcher(pem);
        while (m.find()) {
            byte[] der = Base64.getMimeDecoder().decode(m.group(2));
            if (m.group(1).equals("PRIVATE KEY")) {
                key = der;
            } else if (m.group(1).equals("CERTIFICATE")) {
                cert = der;
            }
        }
        if (key == null || cert == null) {
            throw damaged(file, "it lacks a PRIVATE KEY or a CERTIFICATE block", null);
        }
        try {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(cert));
            PrivateKey privateKey = KeyFactory.getInstance(certificate.getPublicKey().getAlgorithm())
                    .generatePrivate(new PKCS8EncodedKeySpec(key));
            requireMatchingKey(privateKey, certificate);
            return new Identity(privateKey, certificate, file);
        } catch (GeneralSecurityException e) {
            throw damaged(file, e.getMessage(), e);
        }
    }

    private static void requireMatchingKey(PrivateKey key, X509Certificate certificate) throws GeneralSecurityException {
        byte[] probe = "duplex identity check".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance(certificate.getSigAlgName());
        signer.initSign(key);
        signer.update(probe);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(certificate.getSigAlgName());
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(probe);
        if (!verifier.verify(signature)) {
            throw new GeneralSecurityException("the private key does not belong to the certificate");
        }
    }

    private static IllegalStateException damaged(Path file, String why, Exception cause) {
        return new IllegalStateException("The identity " + file + " is damaged (" + why + "). Restore it from a "
                + "backup, or delete it to make a new one (clients will then warn that the identity changed).", cause);
    }

    /** The private key; it never leaves this process except into the identity file. */
    public PrivateKey privateKey() {
        return privateKey;
    }

    /** The self-signed certificate presented in every TLS handshake. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** What clients pin and people compare. */
    public Fingerprint fingerprint() {
        return fingerprint;
    }

    /** Where the identity is stored, or empty for one made by {@link #generate()}. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    private String toPem() {
        try {
            return block("PRIVATE KEY", privateKey.getEncoded()) + block("CERTIFICATE", certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("certificate cannot be encoded", e);
        }
    }

    private static String block(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    @Override
    public String toString() {
        return "Identity[" + fingerprint + (file != null ? ", " + file : "") + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Identity other && fingerprint.equals(other.fingerprint);
    }

    @Override
    public int hashCode() {
        return Objects.hash(fingerprint);
    }
}
