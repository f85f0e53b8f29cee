package dev.kiln.processor;

import com.google.testing.compile.Compilation;
import dev.kiln.runtime.KilnNet;
import dev.kiln.runtime.Layerwise;
import dev.kiln.runtime.Parameter;
import dev.kiln.runtime.WeightLayer;
import dev.kiln.runtime.init.Lsuv;
import dev.kiln.runtime.init.WithinLayerInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.SplittableRandom;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Edits through {@code Layerwise} (LSUV, within-layer init, a user's own) of weight-normalized
 * Dense layers, whose W = g·v/‖v‖ is recomputed from v and g on every forward pass: the edit must
 * reach v and g, or the next pass silently undoes it. Checked against the model computed by hand
 * from its parameters (W from v and g per unit, then xW + b and the activation), and against the
 * property each initializer promises.
 */
class WeightNormLayerwiseTest {
    private static final Compilation COMPILATION = Models.compile(Models.source("Normed",
            "@Model(input = 4, loss = Loss.MEAN_SQUARED_ERROR)",
            "class Normed {",
            "  @Dense(units = 5, activation = Activation.TANH, weightNorm = true) Layer fc1;",
            "  @Dense(units = 6, activation = Activation.TANH) Layer plain;",
            "  @Dense(units = 3, weightNorm = true) Layer fc2;",
            "}"));

    private static KilnNet net() {
        assertThat(COMPILATION).succeeded();
        return GeneratedNets.construct(COMPILATION, "test.NormedNet");
    }

    private static INDArray gaussian(long seed, int rows, int columns) {
        SplittableRandom random = new SplittableRandom(seed);
        INDArray array = Nd4j.create(DataType.DOUBLE, rows, columns);
        for (long i = 0; i < array.length(); i++) {
            array.putScalar(i, random.nextGaussian());
        }
        return array;
    }

    private static INDArray parameter(KilnNet net, String name) {
        return net.parameters().stream().filter(p -> p.name().equals(name)).findFirst().map(Parameter::value).orElseThrow();
    }

    /** W = g·v/‖v‖, column j of v [in, out] scaled to length g_j: the unfolded definition. */
    private static INDArray normalized(KilnNet net, String layer) {
        INDArray v = parameter(net, layer + ".v");
        INDArray g = parameter(net, layer + ".g");
        INDArray w = v.dup();
        for (int j = 0; j < v.columns(); j++) {
            INDArray column = v.getColumn(j);
            w.putColumn(j, column.mul(g.getDouble(j) / column.norm2Number().doubleValue()));
        }
        return w;
    }

    /** The pre-activation of each weight layer by hand from the parameters: tanh(x W1 + b1), then the plain layer, then W2. */
    private static INDArray[] byHand(KilnNet net, INDArray x) {
        INDArray z1 = x.mmul(normalized(net, "fc1")).addRowVector(parameter(net, "fc1.b"));
        INDArray z2 = Transforms.tanh(z1, true).mmul(parameter(net, "plain.W")).addRowVector(parameter(net, "plain.b"));
        INDArray z3 = Transforms.tanh(z2, true).mmul(normalized(net, "fc2")).addRowVector(parameter(net, "fc2.b"));
        return new INDArray[] {z1, z2, z3};
    }

    private static void assertNetIsItsParameters(KilnNet net, INDArray x) {
        INDArray[] expected = byHand(net, x);
        Layerwise layerwise = (Layerwise) net;
        for (int i = 0; i < expected.length; i++) {
            INDArray z = layerwise.preActivation(x, i).dup();
            assertTrue(expected[i].equalsWithEps(z, 1e-12), "pre-activation " + i + " computed from v, g, W and b");
        }
        assertTrue(expected[2].equalsWithEps(net.forward(x), 1e-12), "forward computed from v, g, W and b");
    }

    @Test
    void withinLayerInitReachesVAndG() {
        KilnNet net = net();
        Layerwise layerwise = (Layerwise) net;
        assertTrue(layerwise.weightLayers().get(0).isWeightNormalized());
        assertFalse(layerwise.weightLayers().get(1).isWeightNormalized());
        INDArray v = parameter(net, "fc1.v").dup();
        INDArray g = parameter(net, "fc1.g").dup();
        INDArray batch = gaussian(3, 64, 4);
        WithinLayerInit.initialize(layerwise, batch);

        // Scaling W's columns is g's job: v keeps its direction and length.
        assertTrue(v.equalsWithEps(parameter(net, "fc1.v"), 0.0), "v untouched by a per-unit scaling");
        assertFalse(g.equalsWithEps(parameter(net, "fc1.g"), 1e-6), "g took the scaling");
        assertNetIsItsParameters(net, batch);
        for (int i = 0; i < 3; i++) {
            INDArray z = layerwise.preActivation(batch, i);
            double[] means = z.mean(0).toDoubleVector();
            double[] stds = z.std(false, 0).toDoubleVector();
            for (int j = 0; j < stds.length; j++) {
                assertEquals(0.0, means[j], 1e-12, "layer " + i + " feature " + j + " mean after the edit, as forward computes it");
                assertEquals(1.0, stds[j], 1e-12, "layer " + i + " feature " + j + " std after the edit, as forward computes it");
            }
        }
    }

    @Test
    void lsuvReachesVAndG() {
        KilnNet net = net();
        Layerwise layerwise = (Layerwise) net;
        long[] seed = {20};
        Lsuv.DEFAULTS.initialize(layerwise, () -> gaussian(seed[0]++, 512, 4), 5);
        INDArray fresh = gaussian(999, 2048, 4);
        assertNetIsItsParameters(net, fresh);
        for (int i = 0; i < 3; i++) {
            INDArray z = layerwise.preActivation(fresh, i);
            double std = Math.sqrt(z.sub(z.meanNumber()).mul(z.sub(z.meanNumber())).meanNumber().doubleValue());
            assertEquals(1.0, std, 0.15, "layer " + i + "'s pre-activation std after LSUV, on a batch it never saw");
        }
    }

    @Test
    void anAssignedWeightIsWhatForwardUsesAndTrainingStartsFrom() {
        KilnNet net = net();
        WeightLayer fc2 = ((Layerwise) net).weightLayers().get(2);
        INDArray assigned = gaussian(4, 6, 3);
        fc2.assignWeight(assigned);
        assertTrue(assigned.equalsWithEps(fc2.weight(), 1e-12), "W reads back as assigned");
        assertTrue(assigned.equalsWithEps(normalized(net, "fc2"), 1e-12), "v and g make the assigned W");
        assertNetIsItsParameters(net, gaussian(5, 8, 4));

        fc2.scaleWeight(0.5);
        assertTrue(assigned.mul(0.5).equalsWithEps(normalized(net, "fc2"), 1e-12), "a scaling is g's");
        assertNetIsItsParameters(net, gaussian(6, 8, 4));
    }

    @Test
    void anAssignedWeightWithADeadUnitIsRefusedAndChangesNothing() {
        KilnNet net = net();
        WeightLayer fc1 = ((Layerwise) net).weightLayers().get(0);
        INDArray v = parameter(net, "fc1.v").dup();
        INDArray g = parameter(net, "fc1.g").dup();
        INDArray dead = gaussian(7, 4, 5);
        dead.putColumn(3, Nd4j.zeros(DataType.DOUBLE, 4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fc1.assignWeight(dead));
        assertTrue(e.getMessage().startsWith("layer 'fc1' is weight-normalized: weight norm needs a nonzero, finite v for every output unit,"
                + " but unit 3 has ‖v‖ = 0.0"), e.getMessage());
        assertTrue(v.equalsWithEps(parameter(net, "fc1.v"), 0.0) && g.equalsWithEps(parameter(net, "fc1.g"), 0.0), "v and g as they were");
    }
}
