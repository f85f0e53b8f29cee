package dev.kiln.samples.fashion;

import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.OneHot;
import dev.kiln.runtime.data.augment.Augment;
import dev.kiln.runtime.data.augment.Augmentation;
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
 * [0, 1), 10 classes), 325 examples, so each epoch has ten full batches and a short one of 5. With
 * augmentation on (every step, the rows read as 28x28 images) it creates nothing either.
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
        assertStepsCreateNothing("FashionMlp trainer", null);
    }

    @Test
    void augmentedStepsAfterTheFirstEpochCreateNothing() {
        assertStepsCreateNothing("FashionMlp trainer with augmentation", Augment.randomCrop(2).then(Augment.flipHorizontal())
                .then(Augment.rotate(10)).then(Augment.translate(0.1)).then(Augment.cutout(6))
                .then(Augment.randomErasing(0.5)).then(Augment.mixup(0.2)).then(Augment.labelSmoothing(0.1))
                .imageShape(1, 28, 28));
    }

    private static void assertStepsCreateNothing(String what, Augmentation augmentation) {
        Dataset train = syntheticFashion();
        FashionMlpNet net = new FashionMlpNet(FashionMlpMain.SEED);
        int batch = FashionMlpMain.BATCH_SIZE;
        int stepsPerEpoch = (EXAMPLES + batch - 1) / batch;
        java.util.function.IntFunction<Runnable> run = epochs -> () -> {
            Trainer trainer = Trainer.of(net)
                    .optimizer(Optimizers.sgd(FashionMlpMain.LEARNING_RATE).schedule(Schedules.cosine(100, 0)))
                    .epochs(epochs).batchSize(batch).seed(FashionMlpMain.SEED).progress(false);
            (augmentation == null ? trainer : trainer.augment(augmentation)).fit(train);
        };
        warmUp(run);
        long arrays = ArrayCount.during(run.apply(3)) - ArrayCount.during(run.apply(1));
        long nativeObjects = ArrayCount.nativeObjectsDuring(run.apply(3)) - ArrayCount.nativeObjectsDuring(run.apply(1));
        long heap = heapBytesDuring(run.apply(3)) - heapBytesDuring(run.apply(1));
        System.out.printf(Locale.ROOT, "%s, batch %d: %.2f INDArrays, %.2f native objects and %.1f KB"
                        + " of Java heap per step%n", what, batch, arrays / (2.0 * stepsPerEpoch),
                nativeObjects / (2.0 * stepsPerEpoch), heap / (2.0 * stepsPerEpoch) / 1024);
        assertEquals(0, arrays, what + ": INDArrays created by epochs 2 and 3 (" + 2 * stepsPerEpoch + " steps)");
        assertEquals(0, nativeObjects, what + ": native objects registered by epochs 2 and 3 (" + 2 * stepsPerEpoch + " steps)");
    }

    /**
     * Two one-epoch fits before anything is counted. The kernels' per-thread caches (reshaped views of
     * scratch buffers, rows of ones, prepared ops) are bounded and evict their oldest entries: on a test
     * thread that earlier tests filled with other models' shapes, the first passes evict those and can
     * evict each other's entries once more before the working set settles (measured: 4 views in the
     * second fit after a full samples suite, none from the third on). Steady state is what is asserted.
     */
    static void warmUp(java.util.function.IntFunction<Runnable> fit) {
        fit.apply(1).run();
        fit.apply(1).run();
    }

    /** Bytes this thread allocated on the Java heap while {@code code} ran: reported, not asserted. */
    static long heapBytesDuring(Runnable code) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        code.run();
        return threads.getCurrentThreadAllocatedBytes() - before;
    }
}
