package dev.kiln.samples.kotlin;

import dev.kiln.runtime.KilnNet;
import dev.kiln.runtime.optim.Sgd;
import dev.kiln.samples.fashion.FashionMlpNet;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Kotlin model {@link FashionMlpKt}, processed by kapt, yields a working network. */
class KotlinModelTest {
    private static final int BATCH = 32;
    private static final int FEATURES = 784;
    private static final int CLASSES = 10;

    @Test
    void kaptGeneratesTheNetwork() throws ClassNotFoundException {
        Class<?> generated = Class.forName("dev.kiln.samples.kotlin.FashionMlpKtNet");
        assertTrue(KilnNet.class.isAssignableFrom(generated), generated + " implements KilnNet");
    }

    @Test
    void kotlinModelHasTheArchitectureOfTheJavaModel() {
        assertEquals(FashionMlpNet.GRAPH.layers(), FashionMlpKtNet.GRAPH.layers());
        assertEquals(FashionMlpNet.GRAPH.input(), FashionMlpKtNet.GRAPH.input());
        assertEquals(FashionMlpNet.GRAPH.loss(), FashionMlpKtNet.GRAPH.loss());
    }

    @Test
    void trainingStepsLowerTheLoss() {
        KilnNet net = new FashionMlpKtNet(42L);
        Random random = new Random(7);
        float[] features = new float[BATCH * FEATURES];
        for (int i = 0; i < features.length; i++) {
            features[i] = random.nextFloat();
        }
        float[] targets = new float[BATCH * CLASSES];
        for (int row = 0; row < BATCH; row++) {
            targets[row * CLASSES + random.nextInt(CLASSES)] = 1f;
        }
        INDArray x = Nd4j.create(features, new long[] {BATCH, FEATURES}).castTo(net.dataType());
        INDArray y = Nd4j.create(targets, new long[] {BATCH, CLASSES}).castTo(net.dataType());

        double before = net.loss(x, y);
        Sgd sgd = new Sgd(0.1);
        for (int step = 0; step < 5; step++) {
            net.trainStep(x, y, sgd);
        }
        double after = net.loss(x, y);

        assertTrue(Double.isFinite(before) && Double.isFinite(after), "losses " + before + " and " + after + " are finite");
        assertTrue(after < before, "loss went from " + before + " to " + after);
    }
}
