package dev.kiln.runtime.optim;

import dev.kiln.dsl.OptimizerType;
import dev.kiln.runtime.optim.transform.CoupledL2;
import dev.kiln.runtime.optim.transform.DecoupledDecay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptimizerKindTest {

    @Test
    void defaultLearningRatesAreTheReferences() {
        assertEquals(0.01, OptimizerKind.SGD.defaultLearningRate());
        assertEquals(0.01, OptimizerKind.MOMENTUM.defaultLearningRate());
        assertEquals(0.01, OptimizerKind.ADAGRAD.defaultLearningRate());
        assertEquals(1e-3, OptimizerKind.RMSPROP.defaultLearningRate());
        assertEquals(1.0, OptimizerKind.ADADELTA.defaultLearningRate());
        assertEquals(1e-3, OptimizerKind.ADAM.defaultLearningRate());
        assertEquals(2e-3, OptimizerKind.ADAMAX.defaultLearningRate());
        assertTrue(Double.isNaN(OptimizerKind.LARS.defaultLearningRate()));
        assertThrows(IllegalArgumentException.class, OptimizerKind.LARS::create);
        assertEquals(0.01, OptimizerKind.SGD.create().learningRate());
    }

    @ParameterizedTest
    @EnumSource(OptimizerType.class)
    void everyAnnotationTypeHasTheKindThatBuildsItWithItsFacts(OptimizerType type) {
        OptimizerKind kind = OptimizerKind.of(type);
        assertEquals(type, kind.type());
        assertEquals(type.name(), kind.name());
        OptimizerChain chain = type.defaultLearningRate().isPresent() ? kind.create() : kind.create(0.1);
        assertEquals(type.takesLearningRate(), chain.rule().usesLearningRate(), "the rule's step agrees with the type");
        type.defaultLearningRate().ifPresent(rate -> assertEquals(rate, chain.baseLearningRate()));
        List<GradientTransform> decayed = kind.create(0.1, 0.01).transforms();
        assertEquals(kind.decoupledDecay(), decayed.stream().anyMatch(t -> t instanceof DecoupledDecay), decayed.toString());
        assertEquals(!kind.decoupledDecay(), decayed.stream().anyMatch(t -> t instanceof CoupledL2), decayed.toString());
    }

    @ParameterizedTest
    @EnumSource(OptimizerKind.class)
    void everyKindCreatesAWorkingOptimizerNamedAfterIt(OptimizerKind kind) {
        OptimizerChain chain = kind.create(0.05);
        var p = Tensors.weight("w", 1, -1);
        double[] after = Tensors.step(chain, p, 0.5, -0.5);
        assertTrue(after[0] < 1 && after[1] > -1, kind + " descends: " + after[0] + ", " + after[1]);
        assertTrue(chain.toString().toUpperCase().startsWith(kind.name()), chain.toString());
    }

    @Test
    void weightDecayTakesEachKindsNaturalForm() {
        List<GradientTransform> adam = OptimizerKind.ADAM.create(1e-3, 0.1).transforms();
        List<GradientTransform> adamW = OptimizerKind.ADAMW.create(1e-3, 0.1).transforms();
        List<GradientTransform> lars = OptimizerKind.LARS.create(0.1, 0.1).transforms();
        List<GradientTransform> nadam = OptimizerKind.NADAM.create(1e-3, 0.1).transforms();
        assertTrue(nadam.stream().anyMatch(t -> t instanceof DecoupledDecay), nadam.toString());
        assertTrue(adam.get(0) instanceof CoupledL2, adam.toString());
        assertTrue(adamW.stream().anyMatch(t -> t instanceof DecoupledDecay), adamW.toString());
        assertTrue(lars.get(0) instanceof CoupledL2, lars.toString());
    }

    @Test
    void theChainRunsItsLinksInTheDocumentedOrder() {
        OptimizerChain chain = Optimizers.lamb(1e-3).clipValue(1).clipGlobalNorm(2).averageParameters(0.99);
        assertEquals(List.of("clipValue", "clipGlobalNorm", "adam", "decay", "trustRatio", "lr"),
                chain.transforms().stream().map(GradientTransform::id).toList(), "the average is beside the links, not one");
        assertTrue(chain.averagesParameters());
        assertEquals(List.of("momentum", "decay"),
                Optimizers.momentum(0.1).weightDecay(0.1).transforms().stream().map(GradientTransform::id).toList(),
                "decoupled decay after a momentum step, scaled by the learning rate");
        assertEquals("AdamW(lr=0.001, beta1=0.9, beta2=0.999, eps=1.0E-8) + clipGlobalNorm(1.0) + weightDecay(0.01)"
                + " + schedule warmup(500, cosine(10000, min 0.0))", Optimizers.adamW(1e-3).clipGlobalNorm(1.0)
                .schedule(Schedules.warmup(500, Schedules.cosine(10_000, 0))).toString());
    }
}
