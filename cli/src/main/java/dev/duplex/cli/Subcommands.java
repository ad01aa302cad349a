package dev.duplex.cli;

import dev.duplex.bench.BenchCommand;
import dev.duplex.chat.ChatCommand;
import dev.duplex.video.VideoCommand;
import picocli.CommandLine;

/** Registers the apps' own commands under the launcher. */
final class Subcommands {
    private Subcommands() {
    }

    static void registerApps(CommandLine cli) {
        cli.addSubcommand(new ChatCommand());
        cli.addSubcommand(new VideoCommand());
        cli.addSubcommand(new BenchCommand());
    }
}
