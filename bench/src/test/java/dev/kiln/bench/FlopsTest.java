package dev.kiln.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The FLOP counts behind the FMA-peak bounds, against sums worked out by hand from the layer shapes. */
class FlopsTest {

    @Test
    void mlpCountsEveryProductOfTheStep() {
        // forward: 784*1024 + 1024*1024 + 1024*10 = 1,861,632 multiply-adds per example
        assertEquals(2.0 * 256 * 1_861_632, Flops.mlpForward(256));
        // forward + weight gradients (2x forward) + input gradients of fc2 and logits (1024*1024 + 1024*10)
        assertEquals(2.0 * 256 * (2 * 1_861_632 + 1_058_816), Flops.mlpTrainingStep(256));
    }

    @Test
    void cnnCountsTheFourConvolutionsAndTwoDenseLayers() {
        // per image: 28*28*32*9 + 14*14*64*32*9 + 7*7*128*64*9 + 7*7*128*128*9 + 1152*256 + 256*10
        long perImage = 225_792L + 3_612_672L + 3_612_672L + 7_225_344L + 294_912L + 2_560L;
        assertEquals(2.0 * 128 * perImage, Flops.cnnForward(128));
        // no input gradient for the first convolution
        assertEquals(2.0 * 128 * (3 * perImage - 225_792L), Flops.cnnTrainingStep(128));
    }

    @Test
    void theBoundIsTheFlopsAtTheAllCorePeak() {
        FmaPeak.Peak peak = new FmaPeak.Peak(200, 400, 2, 16);
        assertEquals(5.0, peak.boundMs(2e9), 1e-12);
        assertFalse(peak.sharedWhileMeasured());
        assertTrue(new FmaPeak.Peak(220, 215, 2, 16).sharedWhileMeasured());
    }
}
