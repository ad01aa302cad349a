package dev.duplex.bench.link;

import dev.duplex.testkit.link.LinkEmulator;
import dev.duplex.testkit.link.LinkProfile;
import dev.duplex.video.VideoOptions;
import dev.duplex.video.call.VideoCall;
import dev.duplex.video.source.SyntheticSource;

/**
 * One person in a benchmark call: a {@link VideoCall} sending video-app's synthetic 640x480 pattern
 * at 30 fps with adaptive quality, behind its own emulated access link ({@code link}: UP is what it
 * sends, DOWN what it receives), and the {@link FrameLog} of what it was shown.
 */
final class Participant implements AutoCloseable {
    static final int WIDTH = 640;
    static final int HEIGHT = 480;
    static final int FPS = 30;

    final String name;
    final LinkEmulator link;
    final FrameLog shown = new FrameLog();
    final VideoCall call;

    private Participant(String name, LinkEmulator link, VideoOptions.Builder options) {
        this.name = name;
        this.link = link;
        VideoCall started;
        try {
            started = VideoCall.builder(options.nickname(name).size(WIDTH, HEIGHT).fps(FPS).build())
                    .source(new SyntheticSource(WIDTH, HEIGHT, FPS, name)).display(shown).start();
        } catch (RuntimeException e) {
            if (link != null) {
                link.close();
            }
            throw e;
        }
        this.call = started;
    }

    /** Joins {@code room} on the relay at {@code relayPort} through a link of {@code profile} both ways. */
    static Participant inRoom(String name, int relayPort, String room, LinkProfile profile) {
        LinkEmulator link = LinkEmulator.builder().target(relayPort).both(profile).start();
        return new Participant(name, link, VideoOptions.builder().relay("127.0.0.1", link.port()).room(room));
    }

    /** Waits for one direct caller on a free port (no link of its own: the caller's link is the path). */
    static Participant listening(String name) {
        return new Participant(name, null, VideoOptions.builder().listen("127.0.0.1", 0));
    }

    /** Calls {@code listener} directly through a link of {@code profile} both ways (the whole path). */
    static Participant calling(String name, Participant listener, LinkProfile profile) {
        LinkEmulator link = LinkEmulator.builder().target(listener.call.listeningPort()).both(profile).start();
        return new Participant(name, link, VideoOptions.builder().connect("127.0.0.1", link.port()));
    }

    @Override
    public void close() {
        call.close();
        if (link != null) {
            link.close();
        }
    }
}
