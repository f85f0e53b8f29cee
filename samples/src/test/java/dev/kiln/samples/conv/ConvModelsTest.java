package dev.kiln.samples.conv;

import dev.kiln.ir.ModelSummary;
import dev.kiln.runtime.KilnNet;
import dev.kiln.runtime.check.GradCheck;
import dev.kiln.samples.TestArrays;
import dev.kiln.runtime.check.GradCheckReport;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generated backward pass of convolutional models against central differences in float64. */
class ConvModelsTest {
    private static final int BATCH = 6;

    @Test
    void stridedGroupedDilatedConvolutionsWithBatchNormAndMaxPool() {
        assertPasses(new ConvModels_StridedGroupedNet(1, DataType.DOUBLE), gaussian(BATCH, 72, 1), TestArrays.oneHot(BATCH, 3, 2));
    }

    @Test
    void rectangularKernelAveragePoolingAndGlobalPooling() {
        INDArray x = gaussian(BATCH, 3 * 7 * 7, 3).reshape(BATCH, 3, 7, 7);
        assertPasses(new ConvModels_PooledNet(2, DataType.DOUBLE), x, gaussian(BATCH, 2, 4));
    }

    @Test
    void summaryCountsFollowTheResNetTableConvention() {
        // strided: 3*3*2*4 + 4 = 76 params, ops 76 * 3 * 3; grouped: 3*3*(4/2)*4 = 72, no bias; bn: 2*4.
        List<ModelSummary.Row> rows = ModelSummary.of(ConvModels_StridedGroupedNet.GRAPH).rows();
        assertEquals(76, rows.get(1).parameters());
        assertEquals(76 * 3 * 3, rows.get(1).multiplyAdds());
        assertEquals(72, rows.get(2).parameters());
        assertEquals(72 * 3 * 3, rows.get(2).multiplyAdds());
        assertEquals(8, rows.get(3).parameters());
        assertEquals(4 * 3 * 3, rows.get(5).multiplyAdds(), "pooling counts its input volume");
        assertEquals("[n,4,1,1]", rows.get(5).output());
    }

    private static void assertPasses(KilnNet net, INDArray x, INDArray y) {
        GradCheckReport report = GradCheck.checkModel(net, x, y);
        assertTrue(report.passed(), report.toString());
    }

    private static INDArray gaussian(int rows, int columns, long seed) {
        return TestArrays.gaussian(rows, columns, 1, 0, seed);
    }
}
