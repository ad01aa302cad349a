package dev.duplex.core.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The seed inputs of the fuzz tests: every target's seeds, fed whole and in small pieces. Jazzer
 * reads them from {@code src/test/resources/dev/duplex/core/fuzz/<Class>Inputs/<method>/}; after
 * adding a target, regenerate them with
 * {@code mvn -B -o test -pl core -Dtest=FuzzSeedsTest -Dfuzz.writeSeeds=true}.
 */
final class FuzzSeeds {
    static final Path RESOURCES = Path.of("src/test/resources/dev/duplex/core/fuzz");
    /** Where Jazzer looks for each fuzz method's inputs: {@code <Class>Inputs/<method>}. */
    static final List<Path> DIRECTORIES = List.of(Path.of("DecoderFuzzTestInputs/decoders"),
            Path.of("DecoderLongFuzzTestInputs/decodersLong"));

    private FuzzSeeds() {
    }

    /** Every seed input, named: each seed of each target, fed whole and in small pieces. */
    static List<Named> all() {
        List<Named> result = new ArrayList<>();
        List<DecoderTarget> targets = DecoderTargets.ALL;
        for (int t = 0; t < targets.size(); t++) {
            List<byte[]> seeds = targets.get(t).seeds();
            for (int s = 0; s < seeds.size(); s++) {
                result.add(new Named("t" + t + "-s" + s + "-whole", DecoderFuzzer.input(t, 0, seeds.get(s))));
                result.add(new Named("t" + t + "-s" + s + "-pieces", DecoderFuzzer.input(t, 3, seeds.get(s))));
            }
        }
        return result;
    }

    /** The seed files: per target, all its seeds one after the other, whole and in pieces. */
    static List<Named> files() {
        List<Named> result = new ArrayList<>();
        List<DecoderTarget> targets = DecoderTargets.ALL;
        for (int t = 0; t < targets.size(); t++) {
            java.io.ByteArrayOutputStream stream = new java.io.ByteArrayOutputStream();
            targets.get(t).seeds().forEach(stream::writeBytes);
            result.add(new Named("t" + t + "-whole", DecoderFuzzer.input(t, 0, stream.toByteArray())));
            result.add(new Named("t" + t + "-pieces", DecoderFuzzer.input(t, 3, stream.toByteArray())));
        }
        return result;
    }

    /** Writes the seed files of every fuzz method under {@code resources} (replacing older seed files). */
    static void write(Path resources) throws IOException {
        for (Path method : DIRECTORIES) {
            Path dir = resources.resolve(method);
            Files.createDirectories(dir);
            try (var old = Files.list(dir)) {
                for (Path p : old.filter(p -> p.getFileName().toString().startsWith("seed-")).toList()) {
                    Files.delete(p);
                }
            }
            for (Named seed : files()) {
                Files.write(dir.resolve("seed-" + seed.name()), seed.bytes());
            }
        }
    }

    /** A seed input and its file name. */
    record Named(String name, byte[] bytes) {
    }
}
