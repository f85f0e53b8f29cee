package dev.kiln.samples.residual;

import dev.kiln.ir.AddSpec;
import dev.kiln.ir.ModelSummary;
import dev.kiln.ir.Node;
import dev.kiln.runtime.KilnNet;
import dev.kiln.runtime.Parameter;
import dev.kiln.runtime.check.GradCheck;
import dev.kiln.runtime.check.GradCheckReport;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

import static dev.kiln.samples.TestArrays.gaussian;
import static dev.kiln.samples.TestArrays.oneHot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Generated residual and dense networks: central-difference gradients in float64 through every
 * kind of unit (identity and projection shortcuts, post- and pre-activation, dense form, dense
 * blocks, transitions) and stochastic depth with its gate open and closed; and stochastic depth's
 * inference rule and gate frequency.
 */
class ResidualModelsTest {
    private static final int BATCH = 4;
    /** 30 seeded coordinates of every tensor (all of the smaller ones): every parameter tensor is covered in a few seconds. */
    private static final GradCheck.Options SAMPLED = new GradCheck.Options(1e-6, 1e-6, 30, 1L);

    @Test
    void postActivationUnitsWithIdentityAndProjectionShortcuts() {
        assertPasses(new ResidualModels_PostActivationNet(1, DataType.DOUBLE), images(2, 6, 6, 1), oneHot(BATCH, 3, 2));
    }

    @Test
    void preActivationUnitsReadingTheModelInputWithAForcedProjection() {
        ResidualModels_PreActivationNet net = new ResidualModels_PreActivationNet(3, DataType.DOUBLE);
        assertEquals(List.of(-1), net.graph().nodes().get(0).inputs(), "the first unit reads the model input");
        assertPasses(net, images(3, 5, 5, 4), gaussian(BATCH, 2, 1, 0, 5));
    }

    @Test
    void denseResidualUnitsWithALinearProjection() {
        ResidualModels_DenseResidualNet net = new ResidualModels_DenseResidualNet(6, DataType.DOUBLE);
        assertTrue(net.summary().contains("stage2_0_projection"), net.summary());
        assertPasses(net, gaussian(BATCH, 4, 1, 0, 7), gaussian(BATCH, 2, 1, 0, 8));
    }

    @Test
    void denseBlocksAndTransition() {
        ResidualModels_DenselyConnectedNet net = new ResidualModels_DenselyConnectedNet(9, DataType.DOUBLE);
        ModelSummary summary = ModelSummary.of(net.graph());
        assertEquals("[n,6,6,6]", row(summary, "block1_0_concat").output());
        assertEquals("[n,10,6,6]", row(summary, "block1_2_concat").output(), "c + n·k = 4 + 3·2");
        assertEquals("[n,5,6,6]", row(summary, "transition_conv").output(), "compression 0.5");
        assertEquals("[n,5,3,3]", row(summary, "transition_pool").output());
        assertEquals("[n,9,3,3]", row(summary, "block2_1_concat").output());
        assertPasses(net, images(4, 6, 6, 10), oneHot(BATCH, 3, 11));
    }

    @Test
    void stochasticDepthGradientsWithTheGateOpenAndClosed() {
        for (boolean open : new boolean[] {true, false}) {
            ResidualModels_StochasticNet net = new ResidualModels_StochasticNet(12, DataType.DOUBLE);
            net.unit_0_addSurvives = open;
            net.freezeRandomness(true);
            GradCheckReport report = GradCheck.checkModel(net, images(2, 4, 4, 13), gaussian(BATCH, 2, 1, 0, 14), SAMPLED);
            assertTrue(report.passed(), report.toString());
            double branchGradient = gradientNorm(net, "unit_0_conv");
            assertEquals(open, branchGradient > 0, "branch gradient norm " + branchGradient + " with the gate " + (open ? "open" : "closed"));
            assertTrue(gradientNorm(net, "out") > 0);
        }
    }

    @Test
    void aClosedGateSkipsTheBranchBatchNormStatistics() {
        ResidualModels_StochasticWithNormNet net = new ResidualModels_StochasticWithNormNet(15, DataType.DOUBLE);
        INDArray x = images(2, 4, 4, 16);
        INDArray y = oneHot(BATCH, 3, 17);
        net.stage_1_addSurvives = false;
        net.freezeRandomness(true);
        INDArray skippedMean = net.stage_1_bn1RunningMean.dup();
        INDArray keptMean = net.stage_0_bn1RunningMean.dup();
        net.computeGradients(x, y);
        assertEquals(skippedMean, net.stage_1_bn1RunningMean, "a skipped branch updates no running statistics");
        assertFalse(keptMean.equals(net.stage_0_bn1RunningMean), "an open branch does");
        assertEquals(0.0, gradientNorm(net, "stage_1_"), "a skipped branch gets no gradient");
        assertPasses(net, x, y);
    }

    @Test
    void survivalDecaysLinearlyWithDepth() {
        List<Double> survival = ResidualModels_StochasticWithNormNet.GRAPH.nodes().stream().map(Node::layer)
                .filter(AddSpec.class::isInstance).map(layer -> ((AddSpec) layer).survival()).toList();
        assertEquals(3, survival.size());
        double[] expected = {1 - 1.0 / 3 * 0.6, 1 - 2.0 / 3 * 0.6, 0.4};
        for (int unit = 0; unit < 3; unit++) {
            assertEquals(expected[unit], survival.get(unit), 1e-15);
        }
    }

    /** Inference scales the branch by p: for a linear unit that is the mean over training's two gate values. */
    @Test
    void inferenceIsTheExpectationOverTheGate() {
        ResidualModels_StochasticNet net = new ResidualModels_StochasticNet(18, DataType.DOUBLE);
        INDArray x = images(2, 4, 4, 19);
        INDArray y = gaussian(BATCH, 2, 1, 0, 20);
        net.freezeRandomness(true);
        net.unit_0_addSurvives = true;
        net.computeGradients(x, y);
        INDArray open = net.trainingOutput().dup();
        net.unit_0_addSurvives = false;
        net.computeGradients(x, y);
        INDArray closed = net.trainingOutput().dup();
        INDArray expected = open.mul(0.5).addi(closed.mul(0.5));
        INDArray inference = net.forward(x);
        assertTrue(open.sub(closed).amaxNumber().doubleValue() > 1e-3, "the branch contributes");
        assertEquals(0.0, inference.sub(expected).amaxNumber().doubleValue(), 1e-12);
    }

    /**
     * Gates drawn over many steps open with frequency p: 2000 draws of p = 0.5 have std 0.011; the bound is 4 std.
     * A pass leaves the gate field alone (frozen passes read it); whether the branch ran shows in its gradient.
     */
    @Test
    void gatesOpenWithTheSurvivalProbability() {
        ResidualModels_StochasticNet net = new ResidualModels_StochasticNet(21, DataType.DOUBLE);
        INDArray x = images(2, 4, 4, 22);
        INDArray y = gaussian(BATCH, 2, 1, 0, 23);
        int draws = 2000;
        int open = 0;
        for (int step = 0; step < draws; step++) {
            net.computeGradients(x, y);
            open += gradientNorm(net, "unit_0_conv") > 0 ? 1 : 0;
            assertTrue(net.unit_0_addSurvives, "unfrozen passes do not write the gate field");
        }
        double frequency = (double) open / draws;
        assertEquals(0.5, frequency, 4 * Math.sqrt(0.25 / draws), "open in " + open + " of " + draws);
    }

    private static ModelSummary.Row row(ModelSummary summary, String layer) {
        return summary.rows().stream().filter(r -> r.layer().equals(layer)).findFirst().orElseThrow();
    }

    private static double gradientNorm(KilnNet net, String layerPrefix) {
        double sum = 0;
        for (Parameter parameter : net.parameters()) {
            if (parameter.name().startsWith(layerPrefix)) {
                sum += parameter.gradient().norm2Number().doubleValue();
            }
        }
        return sum;
    }

    private static INDArray images(int channels, int height, int width, long seed) {
        return gaussian(BATCH, channels * height * width, 1, 0.2, seed).reshape(BATCH, channels, height, width);
    }

    private static void assertPasses(KilnNet net, INDArray x, INDArray y) {
        GradCheckReport report = GradCheck.checkModel(net, x, y, SAMPLED);
        assertTrue(report.passed(), report.toString());
    }
}
