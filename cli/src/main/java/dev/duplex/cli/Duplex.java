package dev.duplex.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ./duplex} launcher: one command with a subcommand per program. Bad arguments exit with
 * 2 and a sentence (with where to find the usage), failures with 1 and a sentence (never a stack trace).
 */
@Command(name = "duplex", mixinStandardHelpOptions = true, version = "duplex 0.1.0",
        description = "Real-time chat and video over TCP.",
        subcommands = {ServerCommand.class, DemoCommand.class, ExampleCommand.class})
public final class Duplex implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the launcher with the given arguments and streams; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = commandLine();
        cli.setOut(out);
        cli.setErr(err);
        return cli.execute(args);
    }

    /** The command tree with every app's subcommand registered. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Duplex());
        Subcommands.registerApps(cli);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println(Sentences.of(ex));
            commandLine.getErr().flush();
            return 1;
        });
        cli.setParameterExceptionHandler(Duplex::badArguments);
        return cli;
    }

    /**
     * Bad arguments, in every subcommand alike: the sentence, and where the usage is (not the usage
     * itself, which would bury the sentence); exit code 2.
     */
    static int badArguments(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Run '" + command.getCommandSpec().qualifiedName() + " --help' for more.");
        err.flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }
}
