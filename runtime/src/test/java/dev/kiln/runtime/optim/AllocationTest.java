package dev.kiln.runtime.optim;

import dev.kiln.runtime.Parameter;
import dev.kiln.runtime.testing.ArrayCount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Steady-state steps create no INDArray (views and scalars included), measured with ND4J's global
 * array counter ({@link ArrayCount}); the state arrays stay the same objects from the first step on.
 */
class AllocationTest {

    private static List<Parameter> parameters(DataType type) {
        INDArray w = Nd4j.rand(type, 5, 3).subi(0.5);
        INDArray b = Nd4j.rand(type, 1, 3).subi(0.5);
        INDArray gamma = Nd4j.rand(type, 3);
        return List.of(new Parameter("fc", "W", Parameter.Kind.WEIGHT, w, Nd4j.rand(type, 5, 3).subi(0.5)),
                new Parameter("fc", "b", Parameter.Kind.BIAS, b, Nd4j.rand(type, 1, 3).subi(0.5)),
                new Parameter("norm", "gamma", Parameter.Kind.NORM, gamma, Nd4j.rand(type, 3).subi(0.5)));
    }

    /** Everything at once: three clippings, decay, a group, warm-up + cosine, plateau, parameter average. */
    private static OptimizerChain fullyLoaded(OptimizerKind kind) {
        OptimizerChain chain = kind == OptimizerKind.LARS ? kind.create(0.1) : kind.create();
        chain.clipValue(5).clipNorm(2).clipGlobalNorm(1).group(ParameterGroup.layers("norm").learningRateScale(0.5))
                .averageParameters(0.99);
        if (kind == OptimizerKind.RPROP) {
            return chain.l2(1e-4);
        }
        return chain.weightDecay(1e-2).schedule(Schedules.warmup(2, Schedules.cosine(100, 1e-5)))
                .reduceOnPlateau(ReduceOnPlateau.defaults().patience(0));
    }

    @ParameterizedTest
    @EnumSource(OptimizerKind.class)
    void stepsAfterTheFirstCreateNoArrays(OptimizerKind kind) {
        for (DataType type : List.of(DataType.DOUBLE, DataType.FLOAT)) {
            List<Parameter> parameters = parameters(type);
            OptimizerChain optimizer = fullyLoaded(kind);
            long first = ArrayCount.during(() -> optimizer.step(parameters));
            assertTrue(first > 0, "the first step allocates the state");
            for (int step = 2; step <= 6; step++) {
                optimizer.observeLoss(1.0 / step);
                long created = ArrayCount.during(() -> optimizer.step(parameters));
                assertEquals(0, created, kind + " " + type + " step " + step + " created arrays");
            }
            optimizer.onEpochEnd(1, Double.NaN);
            assertEquals(0, ArrayCount.during(() -> optimizer.step(parameters)), kind + " after an epoch end");
        }
    }

    @Test
    void aComposedChainCreatesNoArraysAfterItsFirstStep() {
        List<Parameter> parameters = parameters(DataType.FLOAT);
        OptimizerChain optimizer = OptimizerChain.compose("Composed", 1e-3).clipByValue(5).then(Optimizers.RMSPROP)
                .momentum(0.9).addDecayedWeights(1e-2).clipByGlobalNorm(1).build()
                .schedule(Schedules.cosine(100, 0)).averageParameters(0.99);
        assertTrue(ArrayCount.during(() -> optimizer.step(parameters)) > 0, "the first step allocates the state");
        for (int step = 2; step <= 6; step++) {
            assertEquals(0, ArrayCount.during(() -> optimizer.step(parameters)), "step " + step + " created arrays");
        }
    }

    @Test
    void theStateArraysAreTheSameObjectsFromTheFirstStepOn() {
        List<Parameter> parameters = parameters(DataType.DOUBLE);
        OptimizerChain adam = Optimizers.adam(1e-3).averageParameters(0.9);
        List<String> keys = List.of("fc.W/adam.m", "fc.W/adam.v", "fc.b/adam.m", "norm.gamma/adam.v", "fc.W/average.theta");
        assertEquals(null, adam.liveState("fc.W/adam.m"), "nothing before the first step");
        adam.step(parameters);
        List<INDArray> first = keys.stream().map(adam::liveState).toList();
        INDArray m = first.get(0).dup();
        for (int step = 0; step < 3; step++) {
            adam.step(parameters);
        }
        for (int i = 0; i < keys.size(); i++) {
            assertSame(first.get(i), adam.liveState(keys.get(i)), keys.get(i));
        }
        assertTrue(!m.equals(adam.liveState("fc.W/adam.m")), "the moments were updated in place");
        // saveState copies: changing a saved array does not change the optimizer.
        Map<String, INDArray> saved = adam.saveState();
        saved.get("fc.W/adam.m").assign(1e9);
        assertTrue(adam.liveState("fc.W/adam.m").maxNumber().doubleValue() < 1e9);
    }

    @Test
    void theModelsGradientIsLeftAsItWas() {
        List<Parameter> parameters = parameters(DataType.DOUBLE);
        INDArray gradient = parameters.get(0).gradient();
        INDArray before = gradient.dup();
        INDArray array = gradient;
        Optimizers.adamW(1e-3).clipValue(0.01).step(parameters);
        assertSame(array, parameters.get(0).gradient());
        assertEquals(before, gradient);
    }
}
