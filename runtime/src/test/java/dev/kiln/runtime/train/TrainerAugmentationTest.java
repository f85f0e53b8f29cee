package dev.kiln.runtime.train;

import dev.kiln.runtime.data.Batches;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.augment.Augment;
import dev.kiln.runtime.data.augment.Augmentation;
import dev.kiln.runtime.data.augment.Augmented;
import dev.kiln.runtime.optim.Sgd;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Trainer#augment}: the training batches are {@link Augmented} with the trainer's seed, the
 * held-out evaluation sees the data as it is, and data the augmentation cannot work on is refused
 * before anything trains. The blobs' four features are read as 1x2x2 images.
 */
class TrainerAugmentationTest {
    private static final Augmentation FLIPS = Augment.flipHorizontal().then(Augment.labelSmoothing(0.1)).imageShape(1, 2, 2);

    private static Trainer trainer(SoftmaxRegressionNet net) {
        return Trainer.of(net).optimizer(new Sgd(0.2)).epochs(3).batchSize(16).seed(4).progress(false);
    }

    @Test
    void theTrainerAugmentsWithItsSeedAndEvaluatesOnTheDataAsItIs() {
        Dataset train = TrainerTest.blobs(90, 1);
        Dataset test = TrainerTest.blobs(45, 2);
        SoftmaxRegressionNet augmented = new SoftmaxRegressionNet(4, 3);
        TrainingHistory history = trainer(augmented).augment(FLIPS).fit(train, test);

        SoftmaxRegressionNet byHand = new SoftmaxRegressionNet(4, 3);
        trainer(byHand).fit(Augmented.of(Batches.over(train).batchSize(16).seed(4), FLIPS, 4), test);
        assertEquals(byHand.weights(), augmented.weights(), "the trainer's augmentation is Augmented seeded by the trainer's seed");

        SoftmaxRegressionNet plain = new SoftmaxRegressionNet(4, 3);
        trainer(plain).fit(train, test);
        assertNotEquals(plain.weights(), augmented.weights(), "the augmentation changed the training batches");

        Evaluation unaugmented = Evaluation.evaluate(augmented, test, 1000);
        assertEquals(unaugmented.loss(), history.last().testLoss(), 0.0, "the held-out loss is that of the data as it is");
        assertEquals(unaugmented.accuracy(), history.last().testAccuracy(), 0.0);
    }

    @Test
    void dataTheAugmentationCannotWorkOnIsRefusedBeforeTraining() {
        SoftmaxRegressionNet net = new SoftmaxRegressionNet(4, 3);
        INDArray before = net.weights().dup();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> trainer(net).augment(Augment.randomCrop(1)).fit(TrainerTest.blobs(30, 1)));
        assertTrue(e.getMessage().contains("randomCrop(1) needs images [N, C, H, W], but the batches hold [N, 4]"), e.getMessage());
        assertEquals(before, net.weights(), "nothing trained");
    }
}
