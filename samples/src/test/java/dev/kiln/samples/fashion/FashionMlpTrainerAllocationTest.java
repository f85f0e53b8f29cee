package dev.kiln.samples.fashion;

import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.OneHot;
import dev.kiln.runtime.optim.Optimizers;
import dev.kiln.runtime.optim.Schedules;
import dev.kiln.runtime.testing.ArrayCount;
import dev.kiln.runtime.train.Trainer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The flagship's training loop as {@link FashionMlpMain} runs it (FashionMlpNet, SGD with cosine
 * decay, batch 32, shuffled) creates nothing per step once the first epoch is done: a run of three
 * epochs creates what a run of one does. Synthetic Fashion-MNIST-shaped data (784 features in
 * [0, 1), 10 classes), 325 examples, so each epoch has ten full batches and a short one of 5.
 */
class FashionMlpTrainerAllocationTest {
    private static final int EXAMPLES = 325;

    static Dataset syntheticFashion() {
        SplittableRandom random = new SplittableRandom(1);
        float[] pixels = new float[EXAMPLES * 784];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextDouble();
        }
        int[] labels = new int[EXAMPLES];
        for (int i = 0; i < EXAMPLES; i++) {
            labels[i] = random.nextInt(10);
        }
        INDArray features = Nd4j.create(pixels, new long[] {EXAMPLES, 784}, DataType.FLOAT);
        return new Dataset(features, OneHot.encode(labels, 10, DataType.FLOAT));
    }

    @Test
    void stepsAfterTheFirstEpochCreateNothing() {
        Dataset train = syntheticFashion();
        FashionMlpNet net = new FashionMlpNet(FashionMlpMain.SEED);
        int batch = FashionMlpMain.BATCH_SIZE;
        int stepsPerEpoch = (EXAMPLES + batch - 1) / batch;
        java.util.function.IntFunction<Runnable> run = epochs -> () -> Trainer.of(net)
                .optimizer(Optimizers.sgd(FashionMlpMain.LEARNING_RATE).schedule(Schedules.cosine(100, 0)))
                .epochs(epochs).batchSize(batch).seed(FashionMlpMain.SEED).progress(false).fit(train);
        run.apply(1).run();
        long arrays = ArrayCount.during(run.apply(3)) - ArrayCount.during(run.apply(1));
        long nativeObjects = ArrayCount.nativeObjectsDuring(run.apply(3)) - ArrayCount.nativeObjectsDuring(run.apply(1));
        long heap = heapBytesDuring(run.apply(3)) - heapBytesDuring(run.apply(1));
        System.out.printf(Locale.ROOT, "FashionMlp trainer, batch %d: %.2f INDArrays, %.2f native objects and %.1f KB"
                        + " of Java heap per step%n", batch, arrays / (2.0 * stepsPerEpoch),
                nativeObjects / (2.0 * stepsPerEpoch), heap / (2.0 * stepsPerEpoch) / 1024);
        assertEquals(0, arrays, "INDArrays created by epochs 2 and 3 (" + 2 * stepsPerEpoch + " steps)");
        assertEquals(0, nativeObjects, "native objects registered by epochs 2 and 3 (" + 2 * stepsPerEpoch + " steps)");
    }

    /** Bytes this thread allocated on the Java heap while {@code code} ran: reported, not asserted. */
    static long heapBytesDuring(Runnable code) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        code.run();
        return threads.getCurrentThreadAllocatedBytes() - before;
    }
}
