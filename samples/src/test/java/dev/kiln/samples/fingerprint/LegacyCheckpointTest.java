package dev.kiln.samples.fingerprint;

import dev.kiln.runtime.checkpoint.Checkpoint;
import dev.kiln.runtime.optim.Optimizer;
import dev.kiln.samples.tables.WineMlpNet;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checkpoints saved by the optimizer code before issue 16's redesign ({@link LegacyCheckpoints}) still
 * restore into optimizers configured the same way through today's API: the optimizer accepts the
 * saved configuration, its state is bit for bit the saved one, and (on the environment that wrote
 * them) two more steps give bitwise the weights the old code gave.
 */
class LegacyCheckpointTest {

    @TestFactory
    Stream<DynamicTest> everyOldCheckpointRestoresAndContinues() throws IOException {
        Properties expected = new Properties();
        try (Reader reader = Files.newBufferedReader(LegacyCheckpoints.DIRECTORY.resolve("expected.properties"), StandardCharsets.UTF_8)) {
            expected.load(reader);
        }
        boolean sameEnvironment = Goldens.environment().equals(expected.getProperty(LegacyCheckpoints.ENVIRONMENT_KEY));
        Map<String, Supplier<Optimizer>> settings = FingerprintCases.optimizerSettings();
        return settings.entrySet().stream().map(setting -> DynamicTest.dynamicTest(setting.getKey(), () -> {
            String name = setting.getKey();
            assertTrue(Files.exists(LegacyCheckpoints.file(name)), name + " has no legacy checkpoint");
            WineMlpNet net = new WineMlpNet(99);
            Optimizer optimizer = setting.getValue().get();
            Checkpoint.read(LegacyCheckpoints.file(name)).restore(net, optimizer);
            assertEquals(6, optimizer.stepCount(), name);
            assertEquals(expected.getProperty(name + ".optimizer"), LegacyCheckpoints.stateFingerprint(optimizer.saveState()),
                    name + ": restored optimizer state");
            assertEquals(expected.getProperty(name + ".weights"), LegacyCheckpoints.weights(net), name + ": restored weights");
            LegacyCheckpoints.continuation().fingerprints(net, optimizer);
            if (sameEnvironment) {
                assertEquals(expected.getProperty(name + ".continued"), LegacyCheckpoints.weights(net),
                        name + ": two steps after the restore");
            }
        }));
    }
}
