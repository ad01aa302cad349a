package dev.duplex.bench.conn;

import dev.duplex.core.security.Identity;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * What the JDK's TLS does alone: full handshakes between a client and a server {@link SSLEngine} of
 * the JDK's provider in one process, their records handed over in heap buffers (no socket, no
 * Netty), each thread doing whole handshakes one after another. The server presents a duplex
 * {@link Identity} (EC P-256, self-signed); the client accepts only that certificate, as a pinning
 * duplex client does, and never resumes a session (an engine made without the peer's host does not),
 * as duplex clients make a new TLS context per connection. The server's CPU time is counted apart
 * from the client's: it is what a relay's handshake costs at the least.
 */
final class JdkTlsHandshakes {
    /** More exchanges than a TLS 1.3 handshake needs (about four): a handshake that never ends. */
    private static final int MAX_ROUNDS = 64;
    private static final char[] PASSWORD = "duplex".toCharArray();
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    /**
     * @param handshakes     completed handshakes
     * @param seconds        wall time of them all
     * @param serverCpuNanos the CPU the server engines took (their wrap, unwrap and delegated tasks)
     * @param clientCpuNanos the same for the client engines
     * @param session        protocol and cipher suite negotiated
     */
    record Result(long handshakes, double seconds, long serverCpuNanos, long clientCpuNanos, String session) {
        double perSecond() {
            return handshakes / seconds;
        }
    }

    private final SSLContext server;
    private final SSLContext client;
    private final String[] protocols;
    private final String[] suites;

    /** Handshakes with {@code identity}'s key, restricted to one {@code protocol} and {@code cipherSuite}. */
    JdkTlsHandshakes(Identity identity, String protocol, String cipherSuite) throws GeneralSecurityException {
        this(identity.privateKey(), identity.certificate(), protocol, cipherSuite);
    }

    /** Handshakes with another key and its certificate ({@link OtherKeyTypes}). */
    JdkTlsHandshakes(PrivateKey key, X509Certificate certificate, String protocol, String cipherSuite)
            throws GeneralSecurityException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try {
            keys.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot make an empty key store", e);
        }
        keys.setKeyEntry("identity", key, PASSWORD, new X509Certificate[] {certificate});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD);
        this.server = SSLContext.getInstance("TLS");
        server.init(kmf.getKeyManagers(), null, null);
        this.client = SSLContext.getInstance("TLS");
        client.init(null, new TrustManager[] {new OnlyThisCertificate(certificate)}, null);
        this.protocols = new String[] {protocol};
        this.suites = new String[] {cipherSuite};
    }

    /**
     * Runs handshakes on {@code threads} threads until {@code maxHandshakes} are done or
     * {@code maxSeconds} have passed (the handshakes under way then finish and count).
     *
     * @throws IllegalStateException if a handshake fails or negotiates something else than asked
     */
    Result run(int threads, long maxHandshakes, double maxSeconds) throws InterruptedException {
        AtomicLong claimed = new AtomicLong();
        LongAdder completed = new LongAdder();
        LongAdder serverCpu = new LongAdder();
        LongAdder clientCpu = new LongAdder();
        List<Throwable> failures = new ArrayList<>();
        String[] negotiated = new String[1];
        long deadline = System.nanoTime() + (long) (maxSeconds * 1e9);
        List<Thread> workers = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                try {
                    Pair pair = new Pair();
                    while (System.nanoTime() < deadline && claimed.incrementAndGet() <= maxHandshakes) {
                        pair.handshake();
                        completed.increment();
                    }
                    serverCpu.add(pair.serverCpuNanos);
                    clientCpu.add(pair.clientCpuNanos);
                    synchronized (negotiated) {
                        negotiated[0] = pair.session;
                    }
                } catch (SSLException | RuntimeException e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }, "jdk-tls-" + i);
            workers.add(t);
            t.start();
        }
        for (Thread t : workers) {
            t.join();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (!failures.isEmpty()) {
            throw new IllegalStateException("A TLS handshake between two JDK engines failed: " + failures.get(0),
                    failures.get(0));
        }
        return new Result(completed.sum(), seconds, serverCpu.sum(), clientCpu.sum(), negotiated[0]);
    }

    /** One thread's engines' buffers, and the CPU its client and server sides took. */
    private final class Pair {
        private final ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        private ByteBuffer toServer;
        private ByteBuffer toClient;
        private ByteBuffer app;
        long serverCpuNanos;
        long clientCpuNanos;
        String session;

        void handshake() throws SSLException {
            SSLEngine c = engine(client, true);
            SSLEngine s = engine(server, false);
            if (toServer == null) {
                int packet = Math.max(c.getSession().getPacketBufferSize(), s.getSession().getPacketBufferSize());
                toServer = ByteBuffer.allocate(4 * packet);
                toClient = ByteBuffer.allocate(4 * packet);
                app = ByteBuffer.allocate(c.getSession().getApplicationBufferSize());
            }
            toServer.clear();
            toClient.clear();
            c.beginHandshake();
            s.beginHandshake();
            for (int round = 0; round < MAX_ROUNDS; round++) {
                long c0 = cpu.getCurrentThreadCpuTime();
                boolean moved = pump(c, toClient, toServer);
                long c1 = cpu.getCurrentThreadCpuTime();
                moved |= pump(s, toServer, toClient);
                long c2 = cpu.getCurrentThreadCpuTime();
                clientCpuNanos += c1 - c0;
                serverCpuNanos += c2 - c1;
                if (!moved && finished(c) && finished(s)) {
                    String negotiated = c.getSession().getProtocol() + " " + c.getSession().getCipherSuite();
                    if (!negotiated.equals(protocols[0] + " " + suites[0])) {
                        throw new IllegalStateException("negotiated " + negotiated + ", not " + protocols[0] + " "
                                + suites[0]);
                    }
                    session = negotiated;
                    return;
                }
            }
            throw new IllegalStateException("The handshake did not finish within " + MAX_ROUNDS + " exchanges.");
        }

        private SSLEngine engine(SSLContext context, boolean clientMode) {
            SSLEngine e = context.createSSLEngine();
            e.setUseClientMode(clientMode);
            e.setEnabledProtocols(protocols);
            e.setEnabledCipherSuites(suites);
            return e;
        }

        /**
         * Lets {@code e} do what it can: run its tasks, write its records to {@code out}, read those in
         * {@code in} (both buffers in write mode). True if it wrote or read anything.
         */
        private boolean pump(SSLEngine e, ByteBuffer in, ByteBuffer out) throws SSLException {
            boolean moved = false;
            while (true) {
                HandshakeStatus hs = e.getHandshakeStatus();
                if (hs == HandshakeStatus.NEED_TASK) {
                    Runnable task;
                    while ((task = e.getDelegatedTask()) != null) {
                        task.run();
                    }
                } else if (hs == HandshakeStatus.NEED_WRAP) {
                    SSLEngineResult r = e.wrap(EMPTY, out);
                    if (r.getStatus() != SSLEngineResult.Status.OK) {
                        throw new SSLException("wrap: " + r);
                    }
                    moved |= r.bytesProduced() > 0;
                } else if (in.position() > 0) {
                    // NEED_UNWRAP, or a record after the handshake (TLS 1.3's NewSessionTicket).
                    in.flip();
                    SSLEngineResult r = e.unwrap(in, app);
                    in.compact();
                    app.clear();
                    if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW || r.bytesConsumed() == 0) {
                        return moved;
                    }
                    if (r.getStatus() != SSLEngineResult.Status.OK) {
                        throw new SSLException("unwrap: " + r);
                    }
                    moved = true;
                } else {
                    return moved;
                }
            }
        }

        private boolean finished(SSLEngine e) {
            HandshakeStatus hs = e.getHandshakeStatus();
            return hs == HandshakeStatus.NOT_HANDSHAKING || hs == HandshakeStatus.FINISHED;
        }
    }

    /** Trusts exactly one certificate, as a duplex client pinning its relay's fingerprint does. */
    private static final class OnlyThisCertificate extends X509ExtendedTrustManager {
        private final X509Certificate expected;

        OnlyThisCertificate(X509Certificate expected) {
            this.expected = expected;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (chain == null || chain.length == 0 || !chain[0].equals(expected)) {
                throw new CertificateException("not the relay's certificate");
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("no client certificates");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("no client certificates");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("no client certificates");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
