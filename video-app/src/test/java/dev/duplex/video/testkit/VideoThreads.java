package dev.duplex.video.testkit;

import java.util.List;

/** Finds the threads a video call starts, to check that closing it stops them all. */
public final class VideoThreads {
    private VideoThreads() {
    }

    /** Names of live threads started by video-app ("duplex-video-...", "duplex-audio-..."). */
    public static List<String> alive() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> (n.startsWith("duplex-video-") && !n.equals("duplex-video-close"))
                        || n.startsWith("duplex-audio-")).sorted().toList();
    }
}
