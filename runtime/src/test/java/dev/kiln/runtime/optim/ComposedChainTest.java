package dev.kiln.runtime.optim;

import dev.kiln.runtime.Parameter;
import dev.kiln.runtime.optim.transform.CoupledL2;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Optimizers composed link by link ({@link OptimizerChain#compose}): the named optimizers written as
 * compositions give bit for bit what the named ones give, the place of a link is what it means, and
 * an order that makes no sense is refused with a message naming the rule and the links.
 */
class ComposedChainTest {
    private static final double[][] GRADIENTS = {{0.5, -1.5, 2.0}, {0.25, -0.75, 1.0}, {-0.5, 0.1, 3.0}, {1.5, -0.2, -0.4},
        {0.3, 0.3, -0.3}};

    private static List<Parameter> parameters() {
        return List.of(Tensors.weight("fc", 1.0, -2.0, 0.5), Tensors.bias("fc", 0.1, 0.2, -0.3));
    }

    /** Five steps on a weight and a bias; every value and every state array afterwards. */
    private static List<double[]> run(Optimizer optimizer) {
        List<Parameter> parameters = parameters();
        for (double[] gradient : GRADIENTS) {
            Tensors.setGradient(parameters.get(0), gradient);
            Tensors.setGradient(parameters.get(1), gradient[2], gradient[0], gradient[1]);
            optimizer.step(parameters);
        }
        List<double[]> result = new ArrayList<>();
        parameters.forEach(p -> result.add(Tensors.values(p)));
        for (Map.Entry<String, INDArray> entry : new java.util.TreeMap<>(optimizer.saveState()).entrySet()) {
            result.add(entry.getValue().dup().reshape(-1).toDoubleVector());
        }
        return result;
    }

    private static void assertBitwise(Supplier<OptimizerChain> named, Supplier<OptimizerChain> composed) {
        OptimizerChain a = named.get();
        OptimizerChain b = composed.get();
        List<double[]> expected = run(a);
        List<double[]> actual = run(b);
        assertEquals(new java.util.TreeSet<>(a.saveState().keySet()), new java.util.TreeSet<>(b.saveState().keySet()), b.toString());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), 0, b + " against " + a + ", array " + i);
        }
    }

    @Test
    void theNamedOptimizersComposedLinkByLinkAreBitwiseTheNamedOnes() {
        assertBitwise(() -> Optimizers.adamW(1e-2),
                () -> OptimizerChain.compose("AdamW", 1e-2).then(Optimizers.ADAM).addDecayedWeights(0.01).scaleByLearningRate().build());
        assertBitwise(() -> Optimizers.adam(1e-2).clipGlobalNorm(0.5),
                () -> OptimizerChain.compose("Adam", 1e-2).clipByGlobalNorm(0.5).then(Optimizers.ADAM).scaleByLearningRate().build());
        assertBitwise(() -> Optimizers.adam(1e-2).l2(0.1),
                () -> OptimizerChain.compose("Adam+L2", 1e-2).addDecayedWeights(0.1).then(Optimizers.ADAM).scaleByLearningRate().build());
        assertBitwise(() -> Optimizers.momentum(0.1).weightDecay(0.1),
                () -> OptimizerChain.compose("Momentum", 0.1).momentum(0.9).addDecayedWeights(0.1).build());
        assertBitwise(() -> Optimizers.lamb(1e-2), () -> OptimizerChain.compose("LAMB", 1e-2).then(Optimizers.LAMB)
                .addDecayedWeights(Optimizers.LAMB_DECAY).then(Optimizers.LAMB_TRUST).scaleByLearningRate().build());
        assertBitwise(() -> Optimizers.rprop().l2(0.1),
                () -> OptimizerChain.compose("Rprop", 0.01).addDecayedWeights(0.1).then(Optimizers.RPROP).build());
        assertBitwise(() -> Optimizers.rmsProp(1e-2, Optimizers.RMSPROP, 0.9).clipValue(1).clipNorm(2),
                () -> OptimizerChain.compose("RMSProp", 1e-2).clipByValue(1).clipByNorm(2).then(Optimizers.RMSPROP).momentum(0.9).build());
        assertBitwise(() -> Optimizers.adam(1e-2).schedule(Schedules.warmup(2, Schedules.cosine(5, 0))).averageParameters(0.9)
                        .group(ParameterGroup.layers("fc").learningRateScale(0.5)),
                () -> OptimizerChain.compose("Adam", 1e-2).then(Optimizers.ADAM).scaleByLearningRate().build()
                        .schedule(Schedules.warmup(2, Schedules.cosine(5, 0))).averageParameters(0.9)
                        .group(ParameterGroup.layers("fc").learningRateScale(0.5)));
    }

    @Test
    void whereTheDecayStandsIsWhatItMeans() {
        List<double[]> coupled = run(OptimizerChain.compose("L2", 1e-2).addDecayedWeights(0.5).then(Optimizers.ADAM)
                .scaleByLearningRate().build());
        List<double[]> decoupled = run(OptimizerChain.compose("AdamW", 1e-2).then(Optimizers.ADAM).addDecayedWeights(0.5)
                .scaleByLearningRate().build());
        List<double[]> afterStep = run(OptimizerChain.compose("AdamW after", 1e-2).then(Optimizers.ADAM).scaleByLearningRate()
                .addDecayedWeights(0.5).build());
        // Before the moments the decay enters them and is divided by sqrt(v^): another trajectory altogether.
        assertTrue(Math.abs(coupled.get(0)[0] - decoupled.get(0)[0]) > 1e-3, coupled.get(0)[0] + " vs " + decoupled.get(0)[0]);
        // After the step it is -lr lambda theta added to the step: the same math as before it, rounded otherwise.
        for (int i = 0; i < 3; i++) {
            assertEquals(decoupled.get(0)[i], afterStep.get(0)[i], 1e-12);
        }
        // The bias is not decayed in any place (the default exclusions hold for composed chains too).
        assertArrayEquals(run(Optimizers.adam(1e-2)).get(1), decoupled.get(1), 0);
    }

    private static void assertRefused(String expected, Supplier<?> composition) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, composition::get);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void anOrderThatMakesNoSenseIsRefusedWithTheRuleAndTheLinks() {
        assertRefused("optimizer Mixed has two adaptive links, adam and rmsprop: each would rescale what the other made of the"
                        + " gradient", () -> OptimizerChain.compose("Mixed", 1e-3).then(Optimizers.ADAM).then(Optimizers.RMSPROP)
                        .scaleByLearningRate().build());
        assertRefused("optimizer NoStep needs exactly one link that turns the direction into the step (scaleByLearningRate,"
                + " momentum, nesterov or an Rprop step), but has 0; its links: adam(beta1=0.9, beta2=0.999, eps=1.0E-8)",
                () -> OptimizerChain.compose("NoStep", 1e-3).then(Optimizers.ADAM).build());
        assertRefused("but has 2; its links: lr -> momentum(momentum=0.9)",
                () -> OptimizerChain.compose("TwoSteps", 1e-3).scaleByLearningRate().momentum(0.9).build());
        assertRefused("optimizer Late has adam after the step lr; it shapes the direction, so it must come before the learning"
                + " rate is applied", () -> OptimizerChain.compose("Late", 1e-3).scaleByLearningRate().then(Optimizers.ADAM).build());
        assertRefused("has trustRatio after the step lr",
                () -> OptimizerChain.compose("LateTrust", 1e-3).then(Optimizers.LAMB).scaleByLearningRate().then(Optimizers.LAMB_TRUST).build());
        assertRefused("decays the weights after rprop, which sizes its own steps",
                () -> OptimizerChain.compose("RpropW", 0.01).then(Optimizers.RPROP).addDecayedWeights(0.1).build());
        assertRefused("decays the weights twice",
                () -> OptimizerChain.compose("Twice", 1e-3).addDecayedWeights(0.1).then(Optimizers.ADAM).addDecayedWeights(0.1)
                        .scaleByLearningRate().build());
        assertRefused("add weight decay with addDecayedWeights(lambda)",
                () -> OptimizerChain.compose("L2", 1e-3).then(new CoupledL2()));
        assertRefused("Named learning rate", () -> OptimizerChain.compose("Named", 0));
    }

    @Test
    void aComposedChainTakesNoOptionThatWouldInsertALink() {
        OptimizerChain chain = OptimizerChain.compose("Mine", 1e-3).then(Optimizers.ADAM).scaleByLearningRate().build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> chain.clipGlobalNorm(1));
        assertEquals("Mine was composed link by link (adam(beta1=0.9, beta2=0.999, eps=1.0E-8) -> lr), so clipGlobalNorm(1.0)"
                + " has no place of its own: add it as a link where it belongs, before build()", e.getMessage());
        assertThrows(IllegalStateException.class, () -> chain.weightDecay(0.1));
        assertThrows(IllegalStateException.class, () -> chain.l2(0.1));
        assertEquals(List.of("adam", "lr"), chain.transforms().stream().map(GradientTransform::id).toList());
    }

    @Test
    void aComposedChainDescribesItselfAndResumesBitForBit() {
        Supplier<OptimizerChain> make = () -> OptimizerChain.compose("Mine", 1e-2).clipByGlobalNorm(1).then(Optimizers.ADAM)
                .addDecayedWeights(0.01).scaleByLearningRate().build().averageParameters(0.9);
        assertEquals("Mine(lr=0.01: clipGlobalNorm(1.0) -> adam(beta1=0.9, beta2=0.999, eps=1.0E-8) -> addDecayedWeights(0.01) -> lr)"
                + " + average(0.9)", make.get().toString());
        List<Parameter> straight = parameters();
        List<Parameter> resumed = parameters();
        OptimizerChain whole = make.get();
        OptimizerChain first = make.get();
        for (int i = 0; i < GRADIENTS.length; i++) {
            Tensors.setGradient(straight.get(0), GRADIENTS[i]);
            whole.step(straight);
            if (i < 2) {
                Tensors.setGradient(resumed.get(0), GRADIENTS[i]);
                first.step(resumed);
            }
        }
        OptimizerChain second = make.get();
        second.loadState(first.saveState());
        for (int i = 2; i < GRADIENTS.length; i++) {
            Tensors.setGradient(resumed.get(0), GRADIENTS[i]);
            second.step(resumed);
        }
        assertArrayEquals(Tensors.values(straight.get(0)), Tensors.values(resumed.get(0)), 0);
        assertArrayEquals(whole.averageOf("fc.W").toDoubleVector(), second.averageOf("fc.W").toDoubleVector(), 0);
        assertEquals(GRADIENTS.length, second.stepCount());
        assertFalse(second.needsFullBatch());
        assertNotEquals(Double.NaN, second.learningRate());
    }

    @Test
    void aComposedRpropTakesNoLearningRateAndNeedsFullBatches() {
        OptimizerChain rprop = OptimizerChain.compose("MyRprop", 0.01).then(Optimizers.RPROP).build();
        assertTrue(rprop.needsFullBatch());
        assertTrue(Double.isNaN(rprop.learningRate()));
        assertThrows(IllegalArgumentException.class, () -> rprop.schedule(Schedules.cosine(10, 0)));
    }
}
