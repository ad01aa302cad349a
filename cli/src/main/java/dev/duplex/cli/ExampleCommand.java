package dev.duplex.cli;

import dev.duplex.examples.Example;
import dev.duplex.examples.Examples;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./duplex example NAME [ARGS...]}: runs one of the lecture's programs in Java. */
@Command(name = "example", mixinStandardHelpOptions = true,
        description = "Run one of the lecture's teaching programs, in Java (--list shows them).")
final class ExampleCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--list", description = "List the examples with their lecture counterparts.")
    boolean list;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The example to run.")
    String name;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "Arguments for the example.")
    List<String> args = List.of();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (list || name == null) {
            out.println("Examples (./duplex example NAME):");
            for (Example e : Examples.all()) {
                out.printf("  %-22s %s%n  %-22s   (lecture: %s)%n", e.name(), e.description(), "", e.lectureCounterpart());
            }
            out.flush();
            return 0;
        }
        Optional<Example> example = Examples.all().stream().filter(e -> e.name().equals(name)).findFirst();
        if (example.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Unknown example '" + name + "'. Run ./duplex example --list to see them.");
        }
        out.flush();
        PrintStream stdout = System.out;
        example.get().main().run(args.toArray(String[]::new), stdout);
        stdout.flush();
        return 0;
    }
}
