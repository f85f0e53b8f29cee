package dev.kiln.samples.kotlin;

import dev.kiln.runtime.Parameter;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.FashionMnist;
import dev.kiln.runtime.optim.Optimizers;
import dev.kiln.runtime.optim.Schedules;
import dev.kiln.runtime.train.Trainer;
import dev.kiln.runtime.train.TrainingHistory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Kotlin face the processor writes under kapt (FashionMlpKtNetKt.kt, compiled by kotlinc with the
 * samples and used by FashionTraining.kt) and the samples' DSL training, called from Java as
 * compiled: the factories are static methods of the file facade, the layer properties getters.
 */
class KotlinApiTest {
    private static Dataset train;
    private static Dataset test;

    @BeforeAll
    static void data() {
        FashionMnist.Splits data = FashionMnist.load();
        train = data.train().subset(0, 2000);
        test = data.test().subset(0, 1000);
    }

    @Test
    void theGeneratedFactoriesMakeTheNetTheConstructorMakes() {
        FashionMlpKtNet viaCompanion = FashionMlpKtNetKt.net(FashionMlpKt.Companion, 42L, DataType.DOUBLE);
        FashionMlpKtNet viaFunction = FashionMlpKtNetKt.fashionMlpKtNet(42L, DataType.DOUBLE);
        FashionMlpKtNet viaJava = new FashionMlpKtNet(42L, DataType.DOUBLE);
        assertEquals(DataType.DOUBLE, viaCompanion.dataType());
        assertEquals(values(viaJava.parameters()), values(viaCompanion.parameters()));
        assertEquals(values(viaJava.parameters()), values(viaFunction.parameters()));
    }

    @Test
    void layerPropertiesGiveEachLayersParameters() {
        FashionMlpKtNet net = new FashionMlpKtNet(1L);
        List<Parameter> fc1 = FashionMlpKtNetKt.getFc1(net);
        assertEquals(List.of("fc1.W", "fc1.b"), fc1.stream().map(Parameter::name).toList());
        assertSame(net.fc1W, fc1.get(0).value());
        assertArrayEquals(new long[] {784, 256}, fc1.get(0).value().shape());
        assertEquals(List.of("logits.W", "logits.b"), FashionMlpKtNetKt.getLogits(net).stream().map(Parameter::name).toList());
    }

    @Test
    void invokeIsForward() {
        FashionMlpKtNet net = new FashionMlpKtNet(3L);
        INDArray x = test.features().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 4)).dup();
        INDArray expected = net.forward(x).dup();
        assertEquals(expected, FashionMlpKtNetKt.invoke(net, x));
    }

    @Test
    void theMlpSampleTrainsThroughTheDslAsFashionMlpMainTrainsThroughTheJavaApi() {
        FashionMlpKtNet viaDsl = new FashionMlpKtNet(42L);
        TrainingHistory history = FashionTraining.trainMlp(viaDsl, train, test, 2, 42L, false);
        FashionMlpKtNet viaJava = new FashionMlpKtNet(42L);
        long steps = 2L * ((2000 + 31) / 32);
        TrainingHistory expected = Trainer.of(viaJava).progress(false).epochs(2).batchSize(32).seed(42)
                .optimizer(Optimizers.sgd(0.1).schedule(Schedules.cosine(steps, 0))).fit(train, test);
        assertEquals(expected.epochs().stream().map(e -> List.of(e.trainLoss(), e.testLoss(), e.testAccuracy())).toList(),
                history.epochs().stream().map(e -> List.of(e.trainLoss(), e.testLoss(), e.testAccuracy())).toList());
        assertTrue(history.last().testAccuracy() > 0.7, "2000 images, 2 epochs: " + history.last());
    }

    @Test
    void theCnnSamplesWarmUpMustFitInTheRun() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FashionTraining.trainCnn(FashionCnnKtNetKt.fashionCnnKtNet(1L, DataType.FLOAT), train.subset(0, 256), test, 1, 1L, false));
        assertEquals("warmupCosine: the horizon (2 updates) must be longer than the warm-up (200 updates)", e.getMessage());
    }

    private static List<INDArray> values(List<Parameter> parameters) {
        return parameters.stream().map(Parameter::value).toList();
    }
}
