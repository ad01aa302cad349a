package dev.duplex.core.security;

import dev.duplex.core.internal.Digests;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The SHA-256 digest of a certificate's DER encoding: what a person compares, and what clients pin.
 * Written like SSH ({@code SHA256:} and unpadded base64) by {@link #toString()}, or as hex pairs
 * ({@code 3F:A0:...}) by {@link #hex()}; {@link #parse} reads both. Immutable.
 */
public final class Fingerprint {
    private static final String PREFIX = "SHA256:";
    private static final int LENGTH = 32;

    private final byte[] sha256;

    private Fingerprint(byte[] sha256) {
        this.sha256 = sha256;
    }

    /** The fingerprint of a certificate. */
    public static Fingerprint of(X509Certificate certificate) {
        try {
            return new Fingerprint(Digests.sha256(certificate.getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded: " + e.getMessage(), e);
        }
    }

    /**
     * Reads {@code SHA256:<base64>} (as {@link #toString()} writes it) or 64 hex digits, with or
     * without colons between the pairs.
     *
     * @throws IllegalArgumentException with a sentence when the text is neither
     */
    public static Fingerprint parse(String text) {
        String t = text == null ? "" : text.strip();
        byte[] bytes = null;
        if (t.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            try {
                bytes = Base64.getDecoder().decode(padded(t.substring(PREFIX.length())));
            } catch (IllegalArgumentException e) {
                bytes = null;
            }
        } else {
            String digits = t.replace(":", "");
            if (digits.length() == 2 * LENGTH && digits.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                bytes = HexFormat.of().parseHex(digits.toLowerCase(Locale.ROOT));
            }
        }
        if (bytes == null || bytes.length != LENGTH) {
            throw new IllegalArgumentException("'" + text + "' is not a certificate fingerprint: expected "
                    + "SHA256: and 43 base64 characters, or 32 hex pairs like 3F:A0:...");
        }
        return new Fingerprint(bytes);
    }

    /** The 32 digest bytes (a copy). */
    public byte[] bytes() {
        return sha256.clone();
    }

    /** Hex pairs separated by colons, upper case: {@code 3F:A0:...} (95 characters). */
    public String hex() {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(sha256);
    }

    /** {@code SHA256:} followed by unpadded base64, as {@code ssh-keygen -l} shows a key. */
    @Override
    public String toString() {
        return PREFIX + Base64.getEncoder().withoutPadding().encodeToString(sha256);
    }

    /**
     * {@code SHA256:nluXmy…xK2I}: the start and the end, for a status line with little room. Show the
     * whole {@link #toString()} wherever a person is asked to compare it.
     */
    public String abbreviated() {
        String full = toString();
        return full.substring(0, PREFIX.length() + 6) + "\u2026" + full.substring(full.length() - 4);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fingerprint other && MessageDigest.isEqual(sha256, other.sha256);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sha256);
    }


    private static String padded(String base64) {
        return base64 + "=".repeat((4 - base64.length() % 4) % 4);
    }
}
