package dev.duplex.bench.video;

import dev.duplex.core.session.DirectListener;
import dev.duplex.core.session.DirectPeer;
import dev.duplex.core.session.Session;
import dev.duplex.core.session.WireFormat;
import dev.duplex.core.transport.TransportConfig;
import dev.duplex.video.call.CallConnection;
import java.util.concurrent.TimeUnit;

/**
 * Two {@link VideoPeer}s in a direct 1:1 call over loopback: one listens, the other connects, with
 * video-app's transport settings for video.
 */
public final class DirectCall implements AutoCloseable {
    public final VideoPeer listening;
    public final VideoPeer connecting;
    private final DirectListener listener;

    public DirectCall(VideoPeer listening, VideoPeer connecting, WireFormat format) throws Exception {
        this(listening, connecting, format, true);
    }

    /**
     * @param bothSend false: only the connecting side sends (a one-direction call); the listening
     *                 side only receives
     */
    public DirectCall(VideoPeer listening, VideoPeer connecting, WireFormat format, boolean bothSend)
            throws Exception {
        this(listening, connecting, format, bothSend, 0);
    }

    /**
     * @param offsetNanos how long after the listening side the connecting side starts capturing: its
     *                    camera ticks that much later in each frame interval
     */
    public DirectCall(VideoPeer listening, VideoPeer connecting, WireFormat format, boolean bothSend,
                      long offsetNanos) throws Exception {
        this.listening = listening;
        this.connecting = connecting;
        TransportConfig config = CallConnection.videoConfig();
        // To compare flow-control windows: -Dduplex.bench.videoWindow=N (0 turns flow control off).
        Integer window = Integer.getInteger("duplex.bench.videoWindow");
        if (window != null) {
            config = config.toBuilder().videoWindow(window).build();
        }
        listening.startReceiving();
        connecting.startReceiving();
        this.listener = DirectPeer.builder().nickname("listening").listener(listening.listener()).config(config)
                .wireFormat(format).listen("127.0.0.1", 0);
        Session out = DirectPeer.builder().nickname("connecting").listener(connecting.listener()).config(config)
                .wireFormat(format).connect("127.0.0.1", listener.localAddress().getPort()).get(10, TimeUnit.SECONDS);
        Session in = listener.firstSession().get(10, TimeUnit.SECONDS);
        if (bothSend) {
            listening.startSending(in);
        } else {
            listening.keepOpen(in);
        }
        TimeUnit.NANOSECONDS.sleep(offsetNanos);
        connecting.startSending(out);
    }

    @Override
    public void close() {
        connecting.close();
        listening.close();
        listener.close();
    }
}
