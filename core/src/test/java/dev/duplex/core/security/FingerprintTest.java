package dev.duplex.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FingerprintTest {
    private static final Identity ID = Identity.generate();

    @Test
    void sshStyleAndHexPairsNameTheSameFingerprint() {
        Fingerprint fp = ID.fingerprint();
        assertThat(fp.toString()).startsWith("SHA256:").hasSize(7 + 43);
        assertThat(fp.hex()).hasSize(95).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        assertThat(Fingerprint.parse(fp.toString())).isEqualTo(fp);
        assertThat(Fingerprint.parse(fp.hex())).isEqualTo(fp);
        assertThat(Fingerprint.parse(fp.hex().replace(":", "").toLowerCase())).isEqualTo(fp);
        assertThat(Fingerprint.parse("  sha256:" + fp.toString().substring(7) + " ")).isEqualTo(fp);
        assertThat(Fingerprint.of(ID.certificate())).isEqualTo(fp).hasSameHashCodeAs(fp);
    }

    @Test
    void differentCertificatesHaveDifferentFingerprints() {
        assertThat(Identity.generate().fingerprint()).isNotEqualTo(ID.fingerprint());
    }

    @Test
    void anythingElseIsRefusedWithASentence() {
        for (String bad : new String[] {"", "SHA256:", "SHA256:abc", "MD5:12", "AB:CD", "zz".repeat(32), null}) {
            assertThatThrownBy(() -> Fingerprint.parse(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not a certificate fingerprint");
        }
    }
}
