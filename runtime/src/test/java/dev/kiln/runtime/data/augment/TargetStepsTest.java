package dev.kiln.runtime.data.augment;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Mixup and label smoothing against results worked out by hand. */
class TargetStepsTest {

    private static AugmentBuffers threeExamples() {
        AugmentBuffers batch = new AugmentBuffers(2, 3, null);
        batch.size(3);
        System.arraycopy(new double[] {1, 2, 10, 20, 100, 200}, 0, batch.features, 0, 6);
        System.arraycopy(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, 0, batch.targets, 0, 9);
        return batch;
    }

    @Test
    void mixupTakesTheConvexCombinationOfEachExampleAndItsPartner() {
        AugmentBuffers batch = threeExamples();
        System.arraycopy(new int[] {2, 0, 1}, 0, batch.partners, 0, 3);
        Mixup.mix(batch, 0.75);
        // example 0 with example 2: 0.75 (1, 2) + 0.25 (100, 200); targets 0.75 e0 + 0.25 e2.
        assertArrayEquals(new double[] {25.75, 51.5, 7.75, 15.5, 77.5, 155}, java.util.Arrays.copyOf(batch.features, 6), 1e-12);
        assertArrayEquals(new double[] {0.75, 0, 0.25, 0.25, 0.75, 0, 0, 0.25, 0.75}, java.util.Arrays.copyOf(batch.targets, 9),
                1e-12);
    }

    @Test
    void mixupDrawsAPermutationAndOneLambdaPerBatch() {
        AugmentBuffers batch = threeExamples();
        new Mixup(0.4).apply(batch, new SplittableRandom(1));
        int[] seen = new int[3];
        for (int i = 0; i < 3; i++) {
            seen[batch.partners[i]]++;
        }
        assertArrayEquals(new int[] {1, 1, 1}, seen, "the partners are a permutation");
        // Every target row sums to 1 and every feature pair keeps its ratio 1:2 (each example's two features are).
        for (int i = 0; i < 3; i++) {
            double sum = batch.targets[3 * i] + batch.targets[3 * i + 1] + batch.targets[3 * i + 2];
            org.junit.jupiter.api.Assertions.assertEquals(1, sum, 1e-12);
            org.junit.jupiter.api.Assertions.assertEquals(2 * batch.features[2 * i], batch.features[2 * i + 1], 1e-9);
        }
    }

    @Test
    void labelSmoothingMovesEpsilonOfTheMassEvenlyOverTheClasses() {
        AugmentBuffers batch = threeExamples();
        new LabelSmoothing(0.3).apply(batch, new SplittableRandom(1));
        // 1 - 0.3 + 0.1 on the class, 0.1 elsewhere.
        assertArrayEquals(new double[] {0.8, 0.1, 0.1, 0.1, 0.8, 0.1, 0.1, 0.1, 0.8}, java.util.Arrays.copyOf(batch.targets, 9), 1e-12);
        assertArrayEquals(new double[] {1, 2, 10, 20, 100, 200}, java.util.Arrays.copyOf(batch.features, 6), "features untouched");
    }
}
