package dev.kiln.samples.state;

import dev.kiln.runtime.optim.OptimizerChain;
import dev.kiln.runtime.optim.Optimizers;
import dev.kiln.runtime.optim.ReduceOnPlateau;
import dev.kiln.samples.TestArrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The generated {@code trainStep(x, y, optimizer)} tells the optimizer the training loss, so
 * reduce-on-plateau on the training loss works in a loop written by hand: with a learning rate too
 * small to move the loss (and no dropout to vary it), every epoch end after the first is a plateau
 * and (patience 0) cuts the rate by 10.
 */
class PlateauInAHandWrittenLoopTest {

    @Test
    void reduceOnPlateauOnTheTrainingLossFires() {
        StateModels_ConvBnNet net = new StateModels_ConvBnNet(3, DataType.DOUBLE);
        OptimizerChain optimizer = Optimizers.sgd(1e-12).reduceOnPlateau(ReduceOnPlateau.defaults().patience(0).monitorTrainingLoss());
        INDArray x = TestArrays.gaussian(8, 50, 1, 0.3, 4).reshape(8, 2, 5, 5);
        INDArray y = TestArrays.oneHot(8, 3, 5);
        for (int epoch = 1; epoch <= 3; epoch++) {
            for (int step = 0; step < 4; step++) {
                net.trainStep(x, y, optimizer);
            }
            optimizer.onEpochEnd(epoch, Double.NaN);
        }
        // Epoch 1 sets the best average; epochs 2 and 3 do not improve on it by 1e-4 relative: two cuts.
        assertEquals(1e-14, optimizer.learningRate(), 1e-28);
    }
}
