package dev.kiln.samples.fingerprint;

import dev.kiln.runtime.checkpoint.Checkpoint;
import dev.kiln.runtime.optim.Optimizer;
import dev.kiln.samples.tables.WineMlpNet;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Checkpoints written by the optimizer code as it was before the optimizer chain was redesigned
 * (issue 16), one per optimizer setting of {@link FingerprintCases#optimizerSettings()}: WineMlp after
 * six steps, with its optimizer state. {@link LegacyCheckpointTest} loads them with today's code.
 * {@link #main} wrote them once; they are fixtures and are never re-written, since their point is
 * that they come from the old code.
 *
 * <p>Next to them {@code expected.properties} holds, per setting, the fingerprints of the saved
 * optimizer state (keys sorted), of the weights, and of the weights after two more steps on
 * {@link #environment}, where that continuation is bitwise reproducible.
 */
final class LegacyCheckpoints {
    static final Path DIRECTORY = Path.of(System.getProperty("basedir", "."), "src", "test", "resources", "checkpoints",
            "optimizer-before-chain");
    static final String ENVIRONMENT_KEY = "environment";

    private LegacyCheckpoints() {
    }

    static Path file(String setting) {
        return DIRECTORY.resolve(setting + ".safetensors");
    }

    static TrainingRun run() {
        return new TrainingRun(3, 16, 6, 2);
    }

    static TrainingRun continuation() {
        return new TrainingRun(3, 16, 2, 0);
    }

    /** The fingerprint of an optimizer's state with its keys sorted (a restored chain saves in another order). */
    static String stateFingerprint(Map<String, INDArray> state) {
        Fingerprint fingerprint = new Fingerprint();
        new TreeMap<>(state).forEach(fingerprint::add);
        return fingerprint.hex();
    }

    public static void main(String[] args) throws IOException {
        Files.createDirectories(DIRECTORY);
        List<String> expected = new ArrayList<>();
        expected.add("# Written with the checkpoints by LegacyCheckpoints.main, before issue 16 changed the optimizers.");
        expected.add(ENVIRONMENT_KEY + "=" + Goldens.environment());
        for (Map.Entry<String, Supplier<Optimizer>> setting : FingerprintCases.optimizerSettings().entrySet()) {
            String name = setting.getKey();
            WineMlpNet net = new WineMlpNet(7);
            Optimizer optimizer = setting.getValue().get();
            run().fingerprints(net, optimizer);
            Checkpoint.of(net).optimizer(optimizer).save(file(name));
            expected.add(name + ".optimizer=" + stateFingerprint(optimizer.saveState()));
            expected.add(name + ".weights=" + weights(net));
            continuation().fingerprints(net, optimizer);
            expected.add(name + ".continued=" + weights(net));
        }
        Files.write(DIRECTORY.resolve("expected.properties"), expected, StandardCharsets.UTF_8);
    }

    static String weights(WineMlpNet net) {
        Fingerprint fingerprint = new Fingerprint();
        net.parameters().forEach(p -> fingerprint.add(p.name(), p.value()));
        return fingerprint.hex();
    }
}
