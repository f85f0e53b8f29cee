package dev.kiln.samples.models;

import dev.kiln.runtime.KilnNet;
import dev.kiln.runtime.ModelInputException;
import dev.kiln.runtime.Parameter;
import dev.kiln.runtime.optim.Sgd;
import dev.kiln.samples.fashion.FashionMlpNet;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Same seed, same weights and the same losses; wrong input gets an error that names model, layer and shapes. */
class ReproducibilityTest {

    @Test
    void sameSeedGivesIdenticalWeightsAndLossesOverTenSteps() {
        double[] first = tenLosses(new EveryActivationNet(5, DataType.FLOAT));
        double[] second = tenLosses(new EveryActivationNet(5, DataType.FLOAT));
        assertArrayEquals(first, second, 0.0, "training with dropout must repeat exactly");
        assertTrue(first[9] < first[0], "ten SGD steps on one batch lower the loss: " + java.util.Arrays.toString(first));
        assertNotEquals(first[0], tenLosses(new EveryActivationNet(6, DataType.FLOAT))[0]);
    }

    @Test
    void sameSeedSameWeightsDifferentSeedDifferentWeights() {
        FashionMlpNet a = new FashionMlpNet(99);
        FashionMlpNet b = new FashionMlpNet(99);
        FashionMlpNet c = new FashionMlpNet(100);
        for (int i = 0; i < a.parameters().size(); i++) {
            Parameter p = a.parameters().get(i);
            assertArrayEquals(values(p.value()), values(b.parameters().get(i).value()), 0f, p.name());
            if (p.kind() == Parameter.Kind.WEIGHT) {
                assertNotEquals(java.util.Arrays.hashCode(values(p.value())), java.util.Arrays.hashCode(values(c.parameters().get(i).value())),
                        p.name());
            }
        }
    }

    @Test
    void wrongInputShapeNamesModelLayerAndShapes() {
        FashionMlpNet net = new FashionMlpNet(1);
        ModelInputException features = assertThrows(ModelInputException.class, () -> net.forward(Nd4j.zeros(DataType.FLOAT, 32, 100)));
        assertEquals("FashionMlp: layer 'fc1' expects input [n,784] but got [32,100]", features.getMessage());
        ModelInputException targets = assertThrows(ModelInputException.class,
                () -> net.computeGradients(Nd4j.zeros(DataType.FLOAT, 32, 784), Nd4j.zeros(DataType.FLOAT, 32, 9)));
        assertEquals("FashionMlp: loss SOFTMAX_CROSS_ENTROPY after layer 'logits' expects targets [32,10] but got [32,9]",
                targets.getMessage());
    }

    private static float[] values(INDArray array) {
        return array.dup().data().asFloat();
    }

    private static double[] tenLosses(KilnNet net) {
        INDArray x = GeneratedBackwardTest.gaussian(16, 5, 21).castTo(DataType.FLOAT);
        INDArray y = GeneratedBackwardTest.oneHot(16, 3, 22).castTo(DataType.FLOAT);
        Sgd sgd = new Sgd(0.05);
        double[] losses = new double[10];
        for (int step = 0; step < losses.length; step++) {
            losses[step] = net.trainStep(x, y, sgd);
        }
        return losses;
    }
}
