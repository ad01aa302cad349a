package dev.duplex.bench;

import dev.duplex.bench.audio.AudioLatencyBenchmark;
import dev.duplex.bench.audio.OpusBenchmarks;
import dev.duplex.bench.chat.ChatFanoutBenchmark;
import dev.duplex.bench.cluster.ClusterBenchmark;
import dev.duplex.bench.conn.ConnectionsBenchmark;
import dev.duplex.bench.conn.TlsBenchmark;
import dev.duplex.bench.lecture.LectureVideoBenchmark;
import dev.duplex.bench.link.VideoLinkBenchmark;
import dev.duplex.bench.micro.MicroBenchmarks;
import dev.duplex.bench.video.VideoLatencyBenchmark;
import dev.duplex.bench.video.VideoThroughputBenchmark;
import java.util.List;
import java.util.Optional;

/** Every end-to-end benchmark, in the order of BENCHMARKS.md. */
public final class Benchmarks {
    private Benchmarks() {
    }

    public static List<Benchmark> all() {
        return List.of(
                new VideoThroughputBenchmark(),
                new VideoLatencyBenchmark(),
                new ChatFanoutBenchmark(),
                new ConnectionsBenchmark(),
                new TlsBenchmark(),
                new MicroBenchmarks(),
                new LectureVideoBenchmark(),
                new VideoLinkBenchmark(),
                new ClusterBenchmark(),
                new AudioLatencyBenchmark(),
                new OpusBenchmarks());
    }

    public static Optional<Benchmark> named(String name) {
        return all().stream().filter(b -> b.name().equals(name)).findFirst();
    }
}
