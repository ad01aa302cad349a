package dev.duplex.bench.audio;

import dev.duplex.bench.video.PrerenderedFrames;
import dev.duplex.bench.video.VideoPeer;
import dev.duplex.core.session.DirectListener;
import dev.duplex.core.session.DirectPeer;
import dev.duplex.core.session.Session;
import dev.duplex.core.transport.TransportConfig;
import dev.duplex.video.audio.AudioCall;
import dev.duplex.video.audio.NullSink;
import dev.duplex.video.audio.ToneSource;
import dev.duplex.video.call.CallConnection;
import dev.duplex.video.call.CallListener;
import dev.duplex.video.pipeline.JpegFrameDecoder;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A direct 1:1 call over loopback with voice both ways (video-app's {@link AudioCall}: a tone in,
 * the jitter buffer and playout out, to no device, so the delay measured is the software's), and,
 * if asked, video both ways on the same connection through video-app's own pipeline
 * ({@link VideoPeer}). The video app's transport settings.
 */
final class VoiceCall implements AutoCloseable {
    final AudioCall listeningVoice;
    final AudioCall connectingVoice;
    final VideoPeer listeningVideo;
    final VideoPeer connectingVideo;
    private final DirectListener listener;
    private final Session connecting;

    /**
     * @param frames  the video both sides send, or null for voice only
     * @param fps     video frames per second (ignored with {@code maxRate})
     * @param maxRate video as fast as the JPEG codec goes, not at {@code fps}
     */
    VoiceCall(PrerenderedFrames frames, int quality, double fps, boolean maxRate) throws Exception {
        TransportConfig config = CallConnection.videoConfig(2, true);
        listeningVideo = frames == null ? null : new VideoPeer(frames, quality, fps, maxRate, new JpegFrameDecoder());
        connectingVideo = frames == null ? null : new VideoPeer(frames, quality, fps, maxRate, new JpegFrameDecoder());
        DirectListener[] holder = new DirectListener[1];
        listeningVoice = AudioCall.create(Optional.of(new ToneSource(440)), new NullSink(),
                () -> holder[0] == null ? null : holder[0].currentSession(), 4);
        listener = DirectPeer.builder().nickname("listening").config(config)
                .listener(listeningVideo == null ? listeningVoice : new CallListener(listeningVideo.listener(), listeningVoice))
                .listen("127.0.0.1", 0);
        holder[0] = listener;
        Session[] session = new Session[1];
        connectingVoice = AudioCall.create(Optional.of(new ToneSource(1000)), new NullSink(), () -> session[0], 4);
        connecting = DirectPeer.builder().nickname("connecting").config(config)
                .listener(connectingVideo == null ? connectingVoice
                        : new CallListener(connectingVideo.listener(), connectingVoice))
                .connect("127.0.0.1", listener.localAddress().getPort()).get(10, TimeUnit.SECONDS);
        session[0] = connecting;
        Session accepted = listener.firstSession().get(10, TimeUnit.SECONDS);
        listeningVoice.start();
        connectingVoice.start();
        if (frames != null) {
            listeningVideo.startReceiving();
            connectingVideo.startReceiving();
            listeningVideo.startSending(accepted);
            connectingVideo.startSending(connecting);
        }
    }

    @Override
    public void close() {
        listeningVoice.close();
        connectingVoice.close();
        if (listeningVideo != null) {
            listeningVideo.close(); // closes the accepted session
            connectingVideo.close();
        }
        connecting.close();
        listener.close();
    }
}
