package dev.kiln.runtime.optim;

import dev.kiln.runtime.Parameter;
import dev.kiln.runtime.testing.ArrayCount;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Reports, for every optimizer on the parameters of a 784-100-10 MLP in float32 (79,510 values),
 * the arrays the first step creates, the arrays a steady-state step creates (INDArrays counted by
 * ND4J's global id counter, views and scalars included) and the time per step. Run it alone for
 * the table: {@code mvn -pl runtime test -Dtest=OptimizerBenchmark}. It also asserts the zero,
 * so it cannot silently regress; timings are printed, never asserted.
 */
class OptimizerBenchmark {
    private static final int WARM_STEPS = 5;
    private static final int TIMED_STEPS = 50;

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

    @Test
    void reportsArraysAndTimePerStepForEveryOptimizer() {
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-10s %12s %14s %12s%n",
                "optimizer", "first step", "later steps", "us/step"));
        for (OptimizerKind kind : OptimizerKind.values()) {
            List<Parameter> parameters = mlp();
            OptimizerChain optimizer = (kind == OptimizerKind.LARS ? kind.create(0.1) : kind.create()).clipGlobalNorm(1);
            long first = ArrayCount.during(() -> optimizer.step(parameters));
            for (int i = 1; i < WARM_STEPS; i++) {
                optimizer.step(parameters);
            }
            long start = System.nanoTime();
            long later = ArrayCount.during(() -> {
                for (int i = 0; i < TIMED_STEPS; i++) {
                    optimizer.step(parameters);
                }
            });
            double micros = (System.nanoTime() - start) / 1e3 / TIMED_STEPS;
            table.append(String.format(Locale.ROOT, "%-10s %12d %14d %12.0f%n", kind, first, later, micros));
            assertEquals(0, later, kind + " created arrays in " + TIMED_STEPS + " steady-state steps");
        }
        System.out.print("Optimizer steps on a 784-100-10 MLP, float32, with global-norm clipping\n" + table);
    }
}
