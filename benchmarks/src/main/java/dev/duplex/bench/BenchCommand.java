package dev.duplex.bench;

import java.io.PrintWriter;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code ./duplex bench NAME [--seconds N]}: runs one end-to-end benchmark for a bounded time, on
 * loopback only, and prints the machine and the figures ({@code --list} shows them all).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run one benchmark (bounded, loopback only) and print its figures (--list shows them).")
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--list", description = "List the benchmarks.")
    boolean list;

    @Option(names = "--seconds", paramLabel = "N",
            description = "Measurement time spread over the benchmark's phases (default: the benchmark's own).")
    Integer seconds;

    @Option(names = "--smoke", description = "A tiny run that only shows the benchmark works (as in mvn verify).")
    boolean smoke;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The benchmark to run.")
    String name;

    /**
     * Runs a benchmark on the benchmarks module's own class path (which, unlike the distribution's, has
     * FFmpeg's natives for {@code bench opus}): {@code java -cp ... dev.duplex.bench.BenchCommand opus}.
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (list || name == null) {
            out.println("Benchmarks (./duplex bench NAME [--seconds N]):");
            for (Benchmark b : Benchmarks.all()) {
                out.printf("  %-16s %s (default %d s)%n", b.name(), b.description(), b.defaultSeconds());
            }
            out.flush();
            return 0;
        }
        Optional<Benchmark> benchmark = Benchmarks.named(name);
        if (benchmark.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Unknown benchmark '" + name + "'. Run ./duplex bench --list to see them.");
        }
        if (seconds != null && (seconds < 1 || seconds > 3600)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--seconds: " + seconds + " (expected: 1..3600)");
        }
        Benchmark b = benchmark.get();
        int s = seconds != null ? seconds : b.defaultSeconds();
        out.println("machine: " + Machine.describe());
        out.println("jvm: " + Machine.jvm());
        out.println("started: " + LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS) + ", bench " + b.name()
                + " --seconds " + s + (smoke ? " --smoke" : "") + ", load average " + HostLoad.loadAverage());
        out.flush();
        long start = System.nanoTime();
        HostLoad host = new HostLoad();
        BenchReport report = b.run(new BenchSettings(s, smoke, out));
        report.print(out);
        out.printf(Locale.ROOT, "cpu: this JVM %.2f cores on average; everything else on the machine "
                + "(other jobs, child processes) %.2f cores; taken by the VM's host (steal) %.2f cores%n",
                host.ownCores(), host.otherCores(), host.stolenCores());
        out.printf("took %.0f s; load average at the end %s%n", (System.nanoTime() - start) / 1e9,
                HostLoad.loadAverage());
        out.flush();
        return 0;
    }
}
