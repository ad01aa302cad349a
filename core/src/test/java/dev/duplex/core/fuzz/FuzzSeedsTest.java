package dev.duplex.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The seed files Jazzer starts from are the ones the targets describe (rewritten with -Dfuzz.writeSeeds=true). */
class FuzzSeedsTest {
    @Test
    void seedFilesMatchTheTargets() throws Exception {
        if (Boolean.getBoolean("fuzz.writeSeeds")) {
            FuzzSeeds.write(FuzzSeeds.RESOURCES);
        }
        for (Path method : FuzzSeeds.DIRECTORIES) {
            for (FuzzSeeds.Named seed : FuzzSeeds.files()) {
                Path file = FuzzSeeds.RESOURCES.resolve(method).resolve("seed-" + seed.name());
                assertThat(file).as("seed file (regenerate with -Dfuzz.writeSeeds=true)").exists();
                assertThat(Files.readAllBytes(file)).as(file.toString()).isEqualTo(seed.bytes());
            }
        }
    }
}
