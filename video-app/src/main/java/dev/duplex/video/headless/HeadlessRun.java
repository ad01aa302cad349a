package dev.duplex.video.headless;

import dev.duplex.core.DuplexException;
import dev.duplex.video.VideoOptions;
import dev.duplex.video.call.VideoCall;
import dev.duplex.video.source.FrameSource;
import dev.duplex.video.source.SourceUnavailableException;
import dev.duplex.video.source.Sources;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A call without a window: prints a stats line every second and, at the end, one summary line of
 * key=value tokens (latency {@code n/a} in the lecture's format, with a note saying why). For
 * servers, benchmarks and tests.
 */
public final class HeadlessRun {
    private HeadlessRun() {
    }

    /**
     * Runs a call for {@code duration} (or, if null, until the connection ends or the process is
     * stopped).
     *
     * @return 0 on success, 1 with a sentence on {@code err} if the source or the connection fails
     */
    public static int run(VideoOptions options, Duration duration, PrintWriter out, PrintWriter err) {
        FrameSource source;
        try {
            source = Sources.open(options.source(), options.device(), options.width(), options.height(),
                    options.fps(), options.nickname(), notice -> {
                        out.println(notice);
                        out.flush();
                    });
        } catch (SourceUnavailableException e) {
            err.println(e.getMessage());
            err.flush();
            return 1;
        }
        VideoCall call;
        HeadlessDisplay display = new HeadlessDisplay(out);
        try {
            call = VideoCall.builder(options).source(source).display(display).start();
        } catch (DuplexException | SourceUnavailableException | IllegalArgumentException e) {
            err.println(e.getMessage());
            err.flush();
            return 1;
        }
        out.println("Sending the " + call.sourceDescription() + " as " + options.nickname() + " ("
                + options.describeConnection() + ").");
        if (options.lecture()) {
            out.println(VideoOptions.LECTURE_NOTICE);
        }
        call.audio().ifPresent(voice -> out.println(voice.describe()));
        String security = call.securityDescription();
        if (!security.isEmpty()) {
            out.println(security);
        }
        if (options.mode() == VideoOptions.Mode.LISTEN) {
            out.println("Waiting for a peer. Give the other side one of: " + String.join(", ", call.addresses()));
        }
        out.flush();
        display.started();
        Thread hook = new Thread(() -> finish(call, out), "duplex-video-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            // The reason the connection ended was already printed as a status line.
            if (duration == null) {
                call.ended().get();
            } else {
                call.ended().get(duration.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (TimeoutException e) {
            // The normal end: the time is up.
        } catch (ExecutionException e) {
            out.println(e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running or will run: it prints the summary.
                return 0;
            }
            finish(call, out);
        }
        return 0;
    }

    private static void finish(VideoCall call, PrintWriter out) {
        if (call.isClosed()) {
            return;
        }
        call.close();
        if (call.options().lecture()) {
            out.println("Latency was not measured: the lecture's format carries no capture time.");
        }
        out.println(call.summary().line());
        out.flush();
    }
}
