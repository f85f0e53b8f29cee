package dev.kiln.samples.fashion;

import dev.kiln.runtime.data.FashionMnist;
import dev.kiln.runtime.optim.Sgd;
import dev.kiln.runtime.train.Trainer;
import dev.kiln.runtime.train.TrainingHistory;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** End to end on the real data: one epoch of the flagship model reaches 0.80 test accuracy. */
class FashionMlpEndToEndTest {

    @Test
    void oneEpochReachesEightyPercent() {
        FashionMnist.Splits data = FashionMnist.load();
        FashionMlpNet net = new FashionMlpNet(FashionMlpMain.SEED);
        TrainingHistory history = Trainer.of(net)
                .optimizer(new Sgd(FashionMlpMain.LEARNING_RATE))
                .epochs(1)
                .batchSize(FashionMlpMain.BATCH_SIZE)
                .seed(FashionMlpMain.SEED)
                .progress(false)
                .fit(data.train(), data.test());
        double accuracy = history.last().testAccuracy();
        assertTrue(accuracy >= 0.80, "test accuracy after one epoch: " + accuracy);
    }
}
