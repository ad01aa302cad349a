package dev.duplex.bench;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.duplex.core.testing.PythonProcess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A tiny run of every benchmark, so none of them can rot: each must finish and produce its figures,
 * all finite and not negative, the key ones positive. Nothing here checks a performance target
 * (those are measured by {@code ./duplex bench} and written in BENCHMARKS.md).
 */
class BenchmarkSmokeTest {

    @Test
    void videoThroughputMeasuresTheCodecLimitAndACallAtMaxRate() throws Exception {
        BenchReport r = smoke(new VideoThroughputBenchmark(), 4);
        assertThat(r.get("320x240_encode_fps_1thread")).isPositive();
        assertThat(r.get("320x240_decode_fps_1thread")).isPositive();
        assertThat(r.get("320x240_limit_fps_fullduplex_codec_only")).isPositive();
        assertThat(r.get("320x240_call_fps_connecting_to_listening")).isPositive();
        assertThat(r.get("320x240_call_fps_listening_to_connecting")).isPositive();
        assertThat(r.get("320x240_ratio_to_limit_fullduplex_codec_only")).isPositive();
        assertThat(r.get("320x240_oneway_fps")).isPositive();
        assertThat(r.get("320x240_oneway_ratio_to_limit_1thread")).isPositive();
        assertThat(r.get("320x240_ratio_to_limit_1thread")).isPositive();
    }

    @Test
    void videoLatencyMeasuresUnloadedAndSlowReceivers() throws Exception {
        BenchReport r = smoke(new VideoLatencyBenchmark(), 6);
        assertThat(r.get("unloaded_p99_ms")).isPositive();
        assertThat(r.get("unloaded_fps")).isPositive();
        assertThat(r.get("unloaded_offset_p99_ms")).isPositive();
        assertThat(r.get("encode_two_at_once_ms_mean")).isPositive();
        assertThat(r.get("decode_two_at_once_ms_mean")).isPositive();
        assertThat(r.get("encode_paced_ms_mean")).isPositive();
        assertThat(r.get("decode_paced_ms_mean")).isPositive();
        assertThat(r.lines()).anySatisfy(line -> assertThat(line).contains("slowest-1%"))
                .anySatisfy(line -> assertThat(line).startsWith("  encoder"))
                .anySatisfy(line -> assertThat(line).contains("garbage collections"));
        assertThat(r.get("unloaded_jit_ms")).isNotNegative();
        assertThat(r.get("slow_duplex_shown_fps")).isPositive();
        assertThat(r.get("slow_lecture_shown_fps")).isPositive();
        assertThat(r.get("slow_duplex_held_frames_max")).isLessThanOrEqualTo(1);
        assertThat(r.lines()).anySatisfy(line -> assertThat(line).contains("lecture p99 ms"));
    }

    @Test
    void chatFanoutMeasuresBothRelaysWithoutLosingMessages() throws Exception {
        BenchReport r = smoke(new ChatFanoutBenchmark(), 6);
        assertThat(r.get("bare_t1_saturation_delivered_per_s")).isPositive();
        assertThat(r.get("bare_t0_saturation_delivered_per_s")).isPositive();
        assertThat(r.get("bare_best_saturation_delivered_per_s")).isEqualTo(Math.max(Math.max(
                r.get("bare_t1_saturation_delivered_per_s"), r.get("bare_t2_saturation_delivered_per_s")),
                r.get("bare_t0_saturation_delivered_per_s")));
        assertThat(r.get("duplex_saturation_delivered_per_s")).isPositive();
        assertThat(r.get("duplex_to_bare_best_ratio")).isPositive();
        assertThat(r.get("duplex_to_bare_ratio")).isPositive();
        assertThat(r.get("duplex_saturation_relay_cpu_us_per_delivery")).isPositive();
        assertThat(r.get("durable_history")).isEqualTo(1);
        assertThat(r.get("duplex_saturation_lost")).isZero();
        assertThat(r.get("duplex_load50_p99_ms")).isPositive();
        assertThat(r.get("bare_at_duplex_load50_p99_ms")).isPositive();
        assertThat(r.get("bare_at_duplex_load50_lost")).isZero();
        assertThat(r.get("duplex_saturation_errors")).isZero();
        // the smoke run's warm-up: 0.3 s, then at most 0.9 s more while the JIT compiles (plus one step)
        assertThat(r.get("duplex_saturation_warmup_s")).isBetween(0.3, 0.3 + 0.9 + 0.6);
        assertThat(r.get("duplex_saturation_jit_ms")).isNotNegative();
    }

    @Test
    void clusterMeasuresChatOnOneAndTwoNodesAndVideoAcrossWithoutLosingMessages() throws Exception {
        BenchReport r = smoke(new ClusterBenchmark(), 6);
        for (String setup : new String[] {"sqlite_single", "cluster_one_node", "cluster_two_nodes"}) {
            assertThat(r.get(setup + "_saturation_delivered_per_s")).as(setup).isPositive();
            assertThat(r.get(setup + "_saturation_lost")).as(setup).isZero();
            assertThat(r.get(setup + "_saturation_errors")).as(setup).isZero();
            assertThat(r.get(setup + "_half_p99_ms")).as(setup).isPositive();
        }
        assertThat(r.get("two_nodes_to_one_node_ratio")).isPositive();
        assertThat(r.get("video_1_senders_received_fps")).as("video crossed from node a to node b").isPositive();
        assertThat(r.figures()).containsKeys("video_2_senders_not_published_backlog_full",
                "video_2_senders_redis_subscriber_peak_omem_kib");
    }

    @Test
    void connectionsMeasuresMemoryPerConnectionOfBothRelays() throws Exception {
        BenchReport r = smoke(new ConnectionsBenchmark(), 2);
        assertThat(r.get("duplex_connect_seconds")).isPositive();
        assertThat(r.get("bare_connect_seconds")).isPositive();
        assertThat(r.get("duplex_heap_bytes_per_connection")).isPositive();
        assertThat(r.get("bare_heap_bytes_per_connection")).isPositive();
        assertThat(r.figures()).containsKeys("duplex_rss_bytes_per_connection", "duplex_idle_cpu_cores",
                "duplex_to_bare_heap_per_connection_ratio");
    }

    @Test
    void tlsMeasuresRelayHandshakesAndJoinsAgainstTheJdkAlone() throws Exception {
        BenchReport r = smoke(new TlsBenchmark(), 2);
        assertThat(r.get("tls_handshakes_per_second")).isPositive();
        assertThat(r.get("tls_handshake_relay_cpu_micros")).isPositive();
        assertThat(r.get("tls_joins_per_second")).isPositive();
        assertThat(r.get("plaintext_joins_per_second")).isPositive();
        assertThat(r.get("jdk_handshakes")).isPositive();
        assertThat(r.get("jdk_server_cpu_micros_per_handshake")).isPositive();
        assertThat(r.get("duplex_tls_to_jdk_handshake_ratio")).isPositive();
        assertThat(r.get("jdk_rsa2048_server_cpu_micros_per_handshake")).isPositive();
        assertThat(r.lines()).anySatisfy(line -> assertThat(line).contains("the relay negotiated TLSv1.3 "));
    }

    @Test
    void codecMicroBenchmarksReportOpsAndAllocation() throws Exception {
        BenchReport r = smoke(new MicroBenchmarks(), 2);
        assertThat(r.get("FrameCodecBenchmark_encodeText_ops_per_s")).isPositive();
        assertThat(r.get("FrameCodecBenchmark_decodeVideo_ops_per_s")).isPositive();
        assertThat(r.get("FanOutBenchmark_encodeOnceWriteAndFlushEach_ops_per_s")).isPositive();
        assertThat(r.figures()).containsKey("FrameCodecBenchmark_decodeText_alloc_bytes_per_op");
    }

    @Test
    void lectureComparesThePythonProgramsWithTheLectureMode() throws Exception {
        BenchReport r = smoke(new LectureVideoBenchmark(), 6);
        assertThat(r.get("duplex_lecture_format_fps_connecting_to_listening")).isPositive();
        assertThat(r.get("duplex_lecture_format_latency_p50_ms")).isPositive();
        assertThat(r.get("duplex_own_format_fps_listening_to_connecting")).isPositive();
        if (PythonProcess.isAvailable()) {
            // Where the lecture's Python can run (CI installs it), its figures must be there: a phase
            // that silently did not run is a failure. (The smoke run leaves the Python pair out.)
            assertThat(r.figures()).as("figures with %s and OpenCV installed", PythonProcess.PYTHON)
                    .containsKeys("duplex_vs_python_fps_duplex_to_python", "duplex_vs_python_fps_python_to_duplex");
            assertThat(r.get("duplex_vs_python_fps_duplex_to_python")).isPositive();
            assertThat(r.get("duplex_vs_python_fps_python_to_duplex")).isPositive();
        } else {
            assertThat(r.lines()).anySatisfy(line -> assertThat(line).contains("the Python phases were skipped"));
        }
    }

    @Test
    void videoLinkRunsCallsOverEmulatedLinksAndChatAcrossAStall() throws Exception {
        BenchReport r = smoke(new VideoLinkBenchmark(), 10);
        for (String mode : new String[] {"direct", "relay"}) {
            assertThat(r.get(mode + "_2000k_fps")).as(mode).isPositive();
            assertThat(r.get(mode + "_500k_fps")).as(mode).isPositive();
            assertThat(r.get(mode + "_2000k_p99_ms")).as(mode).isPositive();
            assertThat(r.get(mode + "_stall_first_frame_after_stall_ms")).as("%s: pictures after the stall", mode)
                    .isPositive();
        }
        assertThat(r.get("room_bob_fps_with_carol")).isPositive();
        assertThat(r.get("room_carol_fps")).isPositive();
        assertThat(r.get("chat_lost")).isZero();
        assertThat(r.get("chat_duplicates")).isZero();
        assertThat(r.get("chat_in_order")).isEqualTo(1);
        assertThat(r.lines()).anySatisfy(line -> assertThat(line).contains("direct_500k: alice -> bob"));
    }

    @Test
    void audioMeasuresVoiceDelayAloneAndWithVideoOnTheSameConnection() throws Exception {
        BenchReport r = smoke(new AudioLatencyBenchmark(), 4);
        for (String phase : new String[] {"alone", "video30", "videomax"}) {
            assertThat(r.get(phase + "_packets_measured")).as(phase).isPositive();
            assertThat(r.get(phase + "_p99_ms")).as(phase).isPositive();
            assertThat(r.get(phase + "_transit_p50_ms")).as(phase).isPositive();
        }
        assertThat(r.get("video30_video_fps_each_way")).isPositive();
        assertThat(r.get("videomax_video_fps_each_way")).isPositive();
    }

    @Test
    void opusMeasuresConcentusAndLibopusWhereFfmpegIsThere() throws Exception {
        BenchReport r = smoke(new OpusBenchmarks(), 2);
        assertThat(r.get("concentusEncode_c10_us_per_frame_p50")).isPositive();
        assertThat(r.get("concentusDecode_c10_us_per_frame_p50")).isPositive();
        assertThat(r.get("concentus_mean_packet_bytes")).isBetween(20.0, 200.0);
        if (OpusBenchmarks.libopusAvailable()) {
            // The benchmarks module has FFmpeg's natives for this machine: libopus must have been measured.
            assertThat(r.get("libopusEncode_c10_us_per_frame_p50")).isPositive();
            assertThat(r.get("libopusDecode_c10_us_per_frame_p50")).isPositive();
            assertThat(r.get("libopus_mean_packet_bytes")).isBetween(20.0, 200.0);
        } else {
            assertThat(r.lines()).anySatisfy(line -> assertThat(line).contains("libopus was not measured"));
        }
    }

    private static BenchReport smoke(Benchmark benchmark, int seconds) throws Exception {
        StringWriter log = new StringWriter();
        BenchReport report = benchmark.run(new BenchSettings(seconds, true, new PrintWriter(log, true)));
        assertThat(report.name()).isEqualTo(benchmark.name());
        assertThat(report.figures()).isNotEmpty();
        for (Map.Entry<String, Double> e : report.figures().entrySet()) {
            assertThat(e.getValue()).as("%s of %s (log: %s)", e.getKey(), benchmark.name(), log)
                    .isFinite().isGreaterThanOrEqualTo(0);
        }
        return report;
    }
}
