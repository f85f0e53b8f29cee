package dev.kiln.samples.fashion;

import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.NpyBatches;
import dev.kiln.runtime.data.numpy.Npy;
import dev.kiln.runtime.optim.Optimizers;
import dev.kiln.runtime.testing.ArrayCount;
import dev.kiln.runtime.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The flagship's training loop fed from disk: {@link NpyBatches} over .npy files (uint8 pixels
 * scaled by 1/255, int64 labels) creates nothing per step once the first epoch is done, like the
 * in-memory batches ({@link FashionMlpTrainerAllocationTest}): three epochs create what one does.
 */
class FashionMlpStreamingAllocationTest {
    @TempDir
    Path dir;

    @Test
    void streamedEpochsAfterTheFirstCreateNothing() throws IOException {
        Dataset data = FashionMlpTrainerAllocationTest.syntheticFashion();
        Npy.write(dir.resolve("x.npy"), data.features().mul(255).castTo(DataType.UBYTE));
        Npy.write(dir.resolve("y.npy"), Nd4j.argMax(data.targets(), 1).castTo(DataType.LONG));
        NpyBatches source = NpyBatches.of(dir.resolve("x.npy"), dir.resolve("y.npy")).classes(10).scale(1 / 255.0)
                .batchSize(FashionMlpMain.BATCH_SIZE).chunkRows(64).seed(FashionMlpMain.SEED);
        FashionMlpNet net = new FashionMlpNet(FashionMlpMain.SEED);
        java.util.function.IntFunction<Runnable> run = epochs -> () -> Trainer.of(net)
                .optimizer(Optimizers.sgd(FashionMlpMain.LEARNING_RATE)).epochs(epochs).progress(false).fit(source);
        run.apply(1).run();
        int steps = source.batchesPerEpoch();
        long arrays = ArrayCount.during(run.apply(3)) - ArrayCount.during(run.apply(1));
        long nativeObjects = ArrayCount.nativeObjectsDuring(run.apply(3)) - ArrayCount.nativeObjectsDuring(run.apply(1));
        long heap = FashionMlpTrainerAllocationTest.heapBytesDuring(run.apply(3))
                - FashionMlpTrainerAllocationTest.heapBytesDuring(run.apply(1));
        System.out.printf(Locale.ROOT, "FashionMlp trainer streaming from disk: %.2f INDArrays, %.2f native objects and"
                + " %.1f KB of Java heap per step%n", arrays / (2.0 * steps), nativeObjects / (2.0 * steps),
                heap / (2.0 * steps) / 1024);
        assertEquals(0, arrays, "INDArrays created by epochs 2 and 3 (" + 2 * steps + " steps)");
        assertEquals(0, nativeObjects, "native objects registered by epochs 2 and 3 (" + 2 * steps + " steps)");
    }
}
