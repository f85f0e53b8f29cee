package dev.kiln.runtime.train;

import dev.kiln.runtime.data.Batches;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.NpyBatches;
import dev.kiln.runtime.data.numpy.Npy;
import dev.kiln.runtime.optim.Sgd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trainer on batch sources other than its own shuffled batches of a dataset. */
class TrainerSourcesTest {
    @TempDir
    Path dir;

    private NpyBatches streamed(Dataset data) throws IOException {
        Npy.write(dir.resolve("x.npy"), data.features());
        Npy.write(dir.resolve("y.npy"), data.targets());
        return NpyBatches.of(dir.resolve("x.npy"), dir.resolve("y.npy")).dataType(DataType.DOUBLE).batchSize(32)
                .chunkRows(64).seed(3);
    }

    @Test
    void aStreamFromDiskTrainsLikeDataInMemoryAndReproducesPerSeed() throws IOException {
        Dataset train = TrainerTest.blobs(600, 1);
        Dataset test = TrainerTest.blobs(300, 2);
        TrainingHistory streamed = Trainer.of(new SoftmaxRegressionNet(4, 3)).optimizer(new Sgd(0.2)).epochs(4)
                .progress(false).fit(streamed(train), test);
        TrainingHistory again = Trainer.of(new SoftmaxRegressionNet(4, 3)).optimizer(new Sgd(0.2)).epochs(4)
                .progress(false).fit(streamed(train), test);
        TrainingHistory inMemory = Trainer.of(new SoftmaxRegressionNet(4, 3)).optimizer(new Sgd(0.2)).epochs(4)
                .batchSize(32).seed(3).progress(false).fit(train, test);
        assertTrue(streamed.last().testAccuracy() > 0.95, "streamed: " + streamed.last());
        assertEquals(streamed.epochs().stream().map(EpochResult::trainLoss).toList(),
                again.epochs().stream().map(EpochResult::trainLoss).toList(), "the same seed gives the same run, to the bit");
        assertEquals(streamed.last().testLoss(), again.last().testLoss(), 0.0);
        assertEquals(inMemory.last().testAccuracy(), streamed.last().testAccuracy(), 0.02);
    }

    @Test
    void aBatchesObjectCarriesItsOwnSettings() {
        Dataset train = TrainerTest.blobs(100, 3);
        TrainingHistory history = Trainer.of(new SoftmaxRegressionNet(4, 3)).optimizer(new Sgd(0.1)).progress(false)
                .fit(Batches.over(train).batchSize(100).shuffle(false));
        TrainingHistory fullBatch = Trainer.of(new SoftmaxRegressionNet(4, 3)).optimizer(new Sgd(0.1)).progress(false)
                .batchSize(100).shuffle(false).fit(train);
        assertEquals(fullBatch.last().trainLoss(), history.last().trainLoss(), 0.0);
    }

    @Test
    void aSourceOfTheWrongTypeIsRefusedOnItsFirstBatch() throws IOException {
        NpyBatches floats = streamed(TrainerTest.blobs(50, 4)).dataType(DataType.FLOAT);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Trainer.of(new SoftmaxRegressionNet(4, 3)).progress(false).fit(floats));
        assertTrue(e.getMessage().contains("computes in DOUBLE but the training data holds features of FLOAT"),
                e.getMessage());
    }
}
