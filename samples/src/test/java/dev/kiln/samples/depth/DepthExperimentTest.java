package dev.kiln.samples.depth;

import dev.kiln.runtime.data.FashionMnist;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Experiment 5 of the reference on real data, asserted loosely: 100 steps of a 16-layer ReLU MLP
 * (width 128) with 1/fanIn init barely lower the loss and leave the last hidden features of rank
 * far below 128; with batch norm the same network trains and keeps its features near full rank.
 */
class DepthExperimentTest {

    @Test
    void batchNormRescuesTheDeepReluMlp() {
        FashionMnist.Splits data = FashionMnist.load();
        List<DepthExperiment.Result> results = DepthExperiment.run(data.train().subset(0, 12_800), data.test());
        DepthExperiment.Result plain = results.get(0);
        DepthExperiment.Result normalized = results.get(1);
        String report = plain + "\n" + normalized;
        assertTrue(plain.lastLoss() > 0.85 * plain.firstLoss(), "without batch norm the loss barely moves:\n" + report);
        assertTrue(normalized.lastLoss() < 0.6 * normalized.firstLoss(), "with batch norm it trains:\n" + report);
        assertTrue(normalized.testAccuracy() > plain.testAccuracy() + 0.3, report);
        assertTrue(plain.rank() <= 32, "the rank collapses without batch norm:\n" + report);
        assertTrue(normalized.rank() >= 96, "and stays near full with it:\n" + report);
    }
}
