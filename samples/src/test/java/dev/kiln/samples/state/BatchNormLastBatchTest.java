package dev.kiln.samples.state;

import dev.kiln.runtime.ModelInputException;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.LastBatch;
import dev.kiln.runtime.optim.Optimizers;
import dev.kiln.runtime.train.Trainer;
import dev.kiln.runtime.train.TrainingHistory;
import dev.kiln.samples.TestArrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A batch-norm model trains on a data set with n mod batch = 1: the trainer merges the lone last example into the batch before. */
class BatchNormLastBatchTest {

    @Test
    void aDataSetOneLongerThanAMultipleOfTheBatchTrains() {
        Dataset data = new Dataset(TestArrays.gaussian(17, 5, 1, 0.3, 1), TestArrays.oneHot(17, 3, 2));
        TrainingHistory history = Trainer.of(new StateModels_DenseBnNet(3, DataType.DOUBLE)).optimizer(Optimizers.sgd(0.1)).batchSize(8)
                .epochs(2).progress(false).fit(data);
        assertTrue(Double.isFinite(history.last().trainLoss()));

        ModelInputException kept = assertThrows(ModelInputException.class, () -> Trainer.of(new StateModels_DenseBnNet(3, DataType.DOUBLE))
                .optimizer(Optimizers.sgd(0.1)).batchSize(8).lastBatch(LastBatch.KEEP).progress(false).fit(data));
        assertTrue(kept.getMessage().contains("batch norm 'bn1' needs more than one value per channel"), kept.getMessage());
    }
}
