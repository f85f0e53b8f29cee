package dev.kiln.runtime.optim;

import dev.kiln.runtime.Parameter;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ParameterGroupTest {

    @Test
    void aLayerGroupScalesItsLearningRate() {
        Parameter head = Tensors.weight("head", 0);
        Parameter body = Tensors.weight("body", 0);
        Tensors.setGradient(head, 1);
        Tensors.setGradient(body, 1);
        Optimizers.sgd(0.1).group(ParameterGroup.layers("head").learningRateScale(10)).step(List.of(head, body));
        assertEquals(-1.0, Tensors.values(head)[0], 1e-15);
        assertEquals(-0.1, Tensors.values(body)[0], 1e-15);
    }

    @Test
    void aFrozenParameterIsNeitherUpdatedNorGivenState() {
        Parameter stem = Tensors.weight("stem", 1);
        Parameter head = Tensors.weight("head", 1);
        Tensors.setGradient(stem, 1);
        Tensors.setGradient(head, 1);
        OptimizerChain adam = Optimizers.adam(0.1).group(ParameterGroup.layers("stem").frozen());
        adam.step(List.of(stem, head));
        assertEquals(1, Tensors.values(stem)[0], 0);
        assertEquals(0.9, Tensors.values(head)[0], 1e-9);
        assertNull(adam.liveState("stem.W/adam.m"));
        assertEquals(false, adam.saveState().containsKey("stem.W/adam.m"));
    }

    @Test
    void laterGroupsOverrideEarlierOnesAndTheDefaultExclusions() {
        OptimizerChain chain = Optimizers.adamW(1e-3)
                .group(ParameterGroup.kinds(Parameter.Kind.BIAS).weightDecay(0.5))
                .group(ParameterGroup.named("fc.b").weightDecay(0.25).learningRateScale(3));
        assertEquals(new ParameterSettings(1, 0.01, true, false), chain.settingsOf(Tensors.weight("fc", 1)));
        assertEquals(new ParameterSettings(1, 0.5, false, false), chain.settingsOf(Tensors.bias("out", 1)));
        assertEquals(new ParameterSettings(3, 0.25, false, false), chain.settingsOf(Tensors.bias("fc", 1)));
        assertEquals(new ParameterSettings(1, 0, false, false),
                chain.settingsOf(Tensors.parameter("bn", "beta", Parameter.Kind.NORM, 1)));
        assertEquals(new ParameterSettings(1, 0.01, true, false),
                Optimizers.adamW(1e-3).decayAndAdaptAllKinds().settingsOf(Tensors.bias("fc", 1)));
        assertEquals(new ParameterSettings(1, 0.01, true, false), Optimizers.adamW(1e-3)
                .group(ParameterGroup.matching("even layers", p -> p.layer().endsWith("2")).layerAdaptation(false))
                .settingsOf(Tensors.weight("fc1", 1)));
    }

    @Test
    void aGroupDecayWorksWithoutAnOptimizerWideDecay() {
        Parameter w = Tensors.weight("fc", 2);
        Parameter v = Tensors.weight("other", 2);
        Optimizers.sgd(0.5).group(ParameterGroup.layers("fc").weightDecay(0.1)).step(List.of(w, v));
        assertArrayEquals(new double[] {2 - 0.5 * 0.1 * 2}, Tensors.values(w), 1e-15);
        assertArrayEquals(new double[] {2}, Tensors.values(v), 0);
    }
}
