package dev.duplex.video.call;

import dev.duplex.core.session.DirectListener;
import dev.duplex.core.session.DirectPeer;
import dev.duplex.core.session.LocalAddresses;
import dev.duplex.core.session.Session;
import dev.duplex.core.session.SessionListener;
import dev.duplex.core.transport.TransportConfig;
import dev.duplex.video.VideoOptions;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The lecture's video server: listens for one peer at a time; when one leaves, the next may call. */
final class ListeningConnection implements CallConnection {
    private final DirectListener listener;
    private final List<String> addresses;

    private ListeningConnection(DirectListener listener, List<String> addresses) {
        this.listener = listener;
        this.addresses = addresses;
    }

    static ListeningConnection listen(VideoOptions options, SessionListener sessionListener, TransportConfig config) {
        DirectPeer.Builder peer = DirectPeer.builder().nickname(options.nickname()).listener(sessionListener)
                .config(config).wireFormat(options.wireFormat());
        options.tls().ifPresent(peer::tls);
        DirectListener bound = peer.listen(options.host(), options.port());
        int port = bound.localAddress().getPort();
        return new ListeningConnection(bound, LocalAddresses.withPort(LocalAddresses.forBind(options.host()), port));
    }

    @Override
    public Session current() {
        return listener.currentSession();
    }

    @Override
    public CompletableFuture<String> ended() {
        return new CompletableFuture<>();
    }

    @Override
    public List<String> addresses() {
        return addresses;
    }

    @Override
    public int localPort() {
        return listener.localAddress().getPort();
    }

    @Override
    public void close() {
        listener.close();
    }
}
