package dev.kiln.runtime.optim;

import dev.kiln.runtime.Parameter;
import dev.kiln.runtime.testing.ArrayCount;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every optimizer, with global-norm clipping, on the parameters of a 784-100-10 MLP in float32
 * (79,510 values): the first step creates the optimizer's slots, and steady-state steps create no
 * INDArray at all (counted by ND4J's global id counter, views and scalars included). Step times are
 * the benchmark's business (bench module), not a unit test's.
 */
class OptimizerAllocationTest {
    private static final int WARM_STEPS = 5;
    private static final int COUNTED_STEPS = 50;

    private static List<Parameter> mlp() {
        return List.of(parameter("hidden", "W", Parameter.Kind.WEIGHT, 784, 100),
                parameter("hidden", "b", Parameter.Kind.BIAS, 1, 100),
                parameter("logits", "W", Parameter.Kind.WEIGHT, 100, 10),
                parameter("logits", "b", Parameter.Kind.BIAS, 1, 10));
    }

    private static Parameter parameter(String layer, String role, Parameter.Kind kind, long rows, long columns) {
        return new Parameter(layer, role, kind, Nd4j.rand(DataType.FLOAT, rows, columns).subi(0.5).muli(0.1),
                Nd4j.rand(DataType.FLOAT, rows, columns).subi(0.5).muli(0.01));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(OptimizerKind.class)
    void steadyStateStepsCreateNoArrays(OptimizerKind kind) {
        List<Parameter> parameters = mlp();
        OptimizerChain optimizer = (kind == OptimizerKind.LARS ? kind.create(0.1) : kind.create()).clipGlobalNorm(1);
        long first = ArrayCount.during(() -> optimizer.step(parameters));
        for (int i = 1; i < WARM_STEPS; i++) {
            optimizer.step(parameters);
        }
        long later = ArrayCount.during(() -> {
            for (int i = 0; i < COUNTED_STEPS; i++) {
                optimizer.step(parameters);
            }
        });
        // The count must see the first step's work, or a zero below would prove nothing.
        assertTrue(first > 0, kind + ": the first step created no arrays, so the counter counts nothing");
        assertEquals(0, later, kind + " created arrays in " + COUNTED_STEPS + " steady-state steps");
    }
}
