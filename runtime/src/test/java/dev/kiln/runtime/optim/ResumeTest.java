package dev.kiln.runtime.optim;

import dev.kiln.runtime.Parameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run saved after some steps and resumed in a fresh optimizer and fresh parameter arrays continues
 * bit-for-bit like the run that never stopped: parameters, every state array, the learning rate.
 */
class ResumeTest {
    private static final int TOTAL = 17;
    private static final int STOP = 10;
    private static final int STEPS_PER_EPOCH = 3;

    /** A two-tensor model with the gradient of a fixed quadratic, so each step depends only on the state. */
    private static final class Model {
        final List<Parameter> parameters = new ArrayList<>();
        private final List<INDArray[]> curvatureAndCentre = new ArrayList<>();

        Model(DataType type) {
            add("fc", "W", Parameter.Kind.WEIGHT, Nd4j.linspace(-1, 1, 6, type).reshape(2, 3));
            add("fc", "b", Parameter.Kind.BIAS, Nd4j.linspace(0.5, 1, 3, type).reshape(1, 3));
        }

        private void add(String layer, String role, Parameter.Kind kind, INDArray value) {
            INDArray curvature = Nd4j.linspace(1, 5, value.length(), value.dataType()).reshape(value.shape());
            INDArray centre = Nd4j.linspace(0.3, -0.7, value.length(), value.dataType()).reshape(value.shape());
            parameters.add(new Parameter(layer, role, kind, value, value.ulike()));
            curvatureAndCentre.add(new INDArray[] {curvature, centre});
        }

        /** Writes the gradients and returns the loss. */
        double gradients() {
            double loss = 0;
            for (int i = 0; i < parameters.size(); i++) {
                Parameter p = parameters.get(i);
                INDArray[] cc = curvatureAndCentre.get(i);
                p.gradient().assign(p.value()).subi(cc[1]).muli(cc[0]);
                loss += p.gradient().mul(p.value().sub(cc[1])).sumNumber().doubleValue() / 2;
            }
            return loss;
        }

        Model copyValuesFrom(Model other) {
            for (int i = 0; i < parameters.size(); i++) {
                parameters.get(i).value().assign(other.parameters.get(i).value());
            }
            return this;
        }
    }

    private static OptimizerChain configured(OptimizerKind kind) {
        OptimizerChain chain = kind == OptimizerKind.LARS ? kind.create(0.05) : kind.create();
        chain.clipGlobalNorm(3).averageParameters(0.9).group(ParameterGroup.kinds(Parameter.Kind.BIAS).learningRateScale(2));
        if (kind == OptimizerKind.RPROP) {
            return chain.l2(1e-3);
        }
        return chain.weightDecay(0.01).schedule(Schedules.warmup(3, Schedules.cosineWarmRestarts(4, 2, 1e-5)))
                .reduceOnPlateau(ReduceOnPlateau.defaults().patience(0));
    }

    /** Steps from update {@code from + 1} to {@code to}, ending an epoch every few steps. */
    private static void train(OptimizerChain optimizer, Model model, int from, int to) {
        for (int t = from + 1; t <= to; t++) {
            double loss = model.gradients();
            optimizer.observeLoss(loss);
            optimizer.step(model.parameters);
            if (t % STEPS_PER_EPOCH == 0) {
                int epoch = t / STEPS_PER_EPOCH;
                // Odd epochs report a poor held-out loss, even ones none (so the training-loss
                // average is monitored): the plateau multiplier drops at epochs 3 and 5.
                optimizer.onEpochEnd(epoch, epoch % 2 == 0 ? Double.NaN : 50 + loss);
            }
        }
    }

    private static double[] bits(INDArray array) {
        return array.castTo(DataType.DOUBLE).data().asDouble();
    }

    @ParameterizedTest
    @EnumSource(OptimizerKind.class)
    void resumingContinuesBitForBit(OptimizerKind kind) {
        for (DataType type : List.of(DataType.DOUBLE, DataType.FLOAT)) {
            Model straight = new Model(type);
            OptimizerChain uninterrupted = configured(kind);
            train(uninterrupted, straight, 0, TOTAL);

            Model first = new Model(type);
            OptimizerChain before = configured(kind);
            train(before, first, 0, STOP);
            Map<String, INDArray> checkpoint = before.saveState();

            Model resumed = new Model(type).copyValuesFrom(first);
            OptimizerChain after = configured(kind);
            after.loadState(checkpoint);
            assertEquals(before.learningRate(), after.learningRate(), 0, kind + ": learning rate after loading");
            assertEquals(STOP, after.stepCount());
            train(after, resumed, STOP, TOTAL);

            for (int i = 0; i < straight.parameters.size(); i++) {
                assertArrayEquals(bits(straight.parameters.get(i).value()), bits(resumed.parameters.get(i).value()),
                        kind + " " + type + " " + straight.parameters.get(i).name());
            }
            Map<String, INDArray> expected = uninterrupted.saveState();
            Map<String, INDArray> actual = after.saveState();
            assertEquals(expected.keySet(), actual.keySet(), kind + " state keys");
            for (String key : expected.keySet()) {
                assertArrayEquals(bits(expected.get(key)), bits(actual.get(key)), kind + " " + type + " state " + key);
            }
            assertEquals(uninterrupted.learningRate(), after.learningRate(), 0);
        }
    }

    @Test
    void theCheckpointHoldsCountersScheduleAndPlateauStateAndEveryMoment() {
        OptimizerChain adam = configured(OptimizerKind.ADAM);
        train(adam, new Model(DataType.DOUBLE), 0, STOP);
        Map<String, INDArray> state = adam.saveState();
        assertEquals(STOP, state.get("t").getLong(0));
        assertEquals(STOP / STEPS_PER_EPOCH, state.get("epoch").getLong(0));
        assertTrue(state.keySet().containsAll(List.of("plateau.multiplier", "plateau.best", "plateau.badEvaluations",
                "plateau.cooldownLeft", "plateau.lossAverage", "plateau.losses", "fc.W/adam.m", "fc.W/adam.v",
                "fc.b/adam.m", "fc.W/average.theta", "fc.b/average.theta")), state.keySet().toString());
        assertEquals(0.1, state.get("plateau.multiplier").getDouble(0), 1e-17, "the plateau dropped once before the stop");
        OptimizerChain whole = configured(OptimizerKind.ADAM);
        train(whole, new Model(DataType.DOUBLE), 0, TOTAL);
        assertTrue(whole.saveState().get("plateau.multiplier").getDouble(0) < 0.1, "and again after it");
    }

    @Test
    void aCheckpointOfAnotherConfigurationIsRefused() {
        OptimizerChain adam = Optimizers.adam(1e-3);
        adam.step(new Model(DataType.DOUBLE).parameters);
        Map<String, INDArray> state = adam.saveState();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Optimizers.momentum(0.1).loadState(state));
        assertTrue(e.getMessage().contains("fc.W/adam.m"), e.getMessage());
        Map<String, INDArray> unknownKey = new HashMap<>(state);
        unknownKey.put("fc.W/adam.extra", Nd4j.zeros(2, 3));
        adam.step(new Model(DataType.DOUBLE).parameters);
        Map<String, INDArray> current = adam.saveState();
        assertThrows(IllegalArgumentException.class, () -> adam.loadState(unknownKey));
        assertEquals(2, adam.stepCount(), "a refused checkpoint changes nothing");
        assertArrayEquals(bits(current.get("fc.W/adam.m")), bits(adam.saveState().get("fc.W/adam.m")));
        Map<String, INDArray> noCounter = new HashMap<>(state);
        noCounter.remove("t");
        assertThrows(IllegalArgumentException.class, () -> Optimizers.adam(1e-3).loadState(noCounter));
    }

    @Test
    void aParameterWithoutSavedStateStartsFreshAndLoadedStateSurvivesASaveBeforeItsFirstStep() {
        OptimizerChain adam = Optimizers.adam(1e-3);
        Model model = new Model(DataType.DOUBLE);
        adam.step(List.of(model.parameters.get(0)));
        Map<String, INDArray> state = adam.saveState();
        assertTrue(!state.containsKey("fc.b/adam.m"));

        OptimizerChain resumed = Optimizers.adam(1e-3);
        resumed.loadState(state);
        assertEquals(state.keySet(), resumed.saveState().keySet(), "loaded, not yet stepped, still saved");
        resumed.step(model.parameters);
        assertTrue(resumed.saveState().containsKey("fc.b/adam.m"), "the new bias got fresh state");
        assertTrue(Arrays.equals(new long[] {2, 3}, resumed.saveState().get("fc.W/adam.m").shape()));
    }

    @Test
    void configurationIsFixedOnceSteppingStarted() {
        OptimizerChain sgd = Optimizers.sgd(0.1);
        sgd.step(new Model(DataType.DOUBLE).parameters);
        assertThrows(IllegalStateException.class, () -> sgd.learningRate(0.2));
        assertThrows(IllegalStateException.class, () -> sgd.clipNorm(1));
    }
}
