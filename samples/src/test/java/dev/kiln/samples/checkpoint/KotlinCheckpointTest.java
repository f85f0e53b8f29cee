package dev.kiln.samples.checkpoint;

import dev.kiln.runtime.optim.Optimizer;
import dev.kiln.runtime.optim.Optimizers;
import dev.kiln.samples.TestArrays;
import dev.kiln.samples.kotlin.CheckpointUseKt;
import dev.kiln.samples.kotlin.FashionMlpKtNet;
import kotlin.Pair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The Kotlin example of docs/checkpoints.md saves and resumes a Kotlin-declared model exactly. */
class KotlinCheckpointTest {
    @TempDir
    Path dir;

    @Test
    void aKotlinModelAndItsOptimizerComeBack() throws IOException {
        FashionMlpKtNet net = new FashionMlpKtNet(1);
        Optimizer adam = Optimizers.adam(1e-3);
        INDArray x = TestArrays.gaussian(4, 784, 1, 0, 1).castTo(net.dataType());
        INDArray y = TestArrays.oneHot(4, 10, 2).castTo(net.dataType());
        net.trainStep(x, y, adam);
        Pair<FashionMlpKtNet, Optimizer> resumed = CheckpointUseKt.saveAndResume(net, adam, dir.resolve("kt.safetensors"),
                () -> Optimizers.adam(1e-3));
        ModelState.assertSame(ModelState.copy(net), ModelState.copy(resumed.getFirst()), "Kotlin model");
        assertEquals(1, resumed.getSecond().stepCount());
        net.trainStep(x, y, adam);
        resumed.getFirst().trainStep(x, y, resumed.getSecond());
        ModelState.assertSame(ModelState.copy(net), ModelState.copy(resumed.getFirst()), "one more step");
    }
}
