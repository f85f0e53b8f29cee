package dev.kiln.runtime.kernels;

import dev.kiln.runtime.check.GradCheck;
import dev.kiln.runtime.testing.TestArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Map;
import java.util.stream.Stream;

import static dev.kiln.runtime.kernels.NormTesting.assertClose;
import static dev.kiln.runtime.kernels.NormTesting.assertPassed;
import static dev.kiln.runtime.kernels.NormTesting.inputs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WeightNormKernelTest {

    /** Dense v [in, out] (units are columns) and conv v [outC, inC, kH, kW] (units are filters). */
    static Stream<long[]> layouts() {
        return Stream.of(new long[]{5, 4}, new long[]{3, 2, 2, 2});
    }

    private static int units(long[] shape) {
        return (int) (shape.length == 2 ? shape[1] : shape[0]);
    }

    /** Unit j's weights as a flat copy. */
    private static INDArray unit(INDArray a, int j) {
        if (a.rank() == 2) {
            return a.getColumn(j).dup();
        }
        INDArrayIndex[] index = new INDArrayIndex[a.rank()];
        index[0] = NDArrayIndex.point(j);
        for (int d = 1; d < index.length; d++) {
            index[d] = NDArrayIndex.all();
        }
        return a.get(index).dup().reshape(-1);
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void eachUnitOfWHasNormAbsG(long[] shape) {
        INDArray v = TestArrays.uniform(1, -1, 1, shape);
        INDArray g = TestArrays.accepted(2, -2, 2, t -> Math.abs(t) > 0.1, units(shape));
        INDArray norms = g.ulike();
        INDArray w = v.ulike();
        WeightNormKernel.forward(v, g, norms, w);
        for (int j = 0; j < units(shape); j++) {
            assertEquals(unit(v, j).norm2Number().doubleValue(), norms.getDouble(j), 1e-15);
            assertEquals(Math.abs(g.getDouble(j)), unit(w, j).norm2Number().doubleValue(), 1e-14);
            assertClose(unit(v, j).mul(g.getDouble(j) / norms.getDouble(j)), unit(w, j), 1e-15);
        }
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void gradientsAgreeWithCentralDifferences(long[] shape) {
        INDArray v = TestArrays.uniform(3, -1, 1, shape);
        INDArray g = TestArrays.uniform(4, 0.5, 2, units(shape));
        INDArray r = TestArrays.probeWeights(5, shape);
        INDArray norms = g.ulike();
        WeightNormKernel.forward(v, g, norms, v.ulike());
        INDArray dv = v.ulike();
        INDArray dg = g.ulike();
        WeightNormKernel.backward(r, v, g, norms, dv, dg);

        INDArray probeNorms = g.ulike();
        INDArray w = v.ulike();
        assertPassed(GradCheck.checkFunction(inputs("v", v, "g", g), () -> {
            WeightNormKernel.forward(v, g, probeNorms, w);
            return GradCheck.projection(w, r);
        }, Map.of("v", dv, "g", dg)));
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void gradientForVIsOrthogonalToVAndAStepNeverShrinksV(long[] shape) {
        INDArray v = TestArrays.uniform(6, -1, 1, shape);
        INDArray g = TestArrays.uniform(7, 0.5, 2, units(shape));
        INDArray dw = TestArrays.uniform(8, -1, 1, shape);
        INDArray norms = g.ulike();
        WeightNormKernel.forward(v, g, norms, v.ulike());
        INDArray dv = v.ulike();
        WeightNormKernel.backward(dw, v, g, norms, dv, null);

        double lr = 0.3;
        INDArray stepped = v.sub(dv.mul(lr));
        for (int j = 0; j < units(shape); j++) {
            INDArray vj = unit(v, j);
            INDArray dvj = unit(dv, j);
            assertEquals(0.0, vj.mul(dvj).sumNumber().doubleValue(), 1e-15);
            double before = vj.mul(vj).sumNumber().doubleValue();
            double step = lr * lr * dvj.mul(dvj).sumNumber().doubleValue();
            INDArray after = unit(stepped, j);
            assertEquals(before + step, after.mul(after).sumNumber().doubleValue(), 1e-14);
        }
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void backwardInPlaceOnDwMatchesSeparateBuffers(long[] shape) {
        INDArray v = TestArrays.uniform(9, -1, 1, shape);
        INDArray g = TestArrays.uniform(10, 0.5, 2, units(shape));
        INDArray dw = TestArrays.uniform(11, -1, 1, shape);
        INDArray norms = g.ulike();
        WeightNormKernel.forward(v, g, norms, v.ulike());
        INDArray dv = v.ulike();
        INDArray dg = g.ulike();
        WeightNormKernel.backward(dw, v, g, norms, dv, dg);
        INDArray inPlace = dw.dup();
        INDArray dg2 = g.ulike();
        WeightNormKernel.backward(inPlace, v, g, norms, inPlace, dg2);
        NormTesting.assertSameValues(dv, inPlace);
        NormTesting.assertSameValues(dg, dg2);
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void initializeMakesWEqualV(long[] shape) {
        INDArray v = TestArrays.uniform(12, -1, 1, shape);
        INDArray g = Nd4j.create(DataType.DOUBLE, units(shape));
        WeightNormKernel.initialize(v, g);
        INDArray w = v.ulike();
        WeightNormKernel.forward(v, g, g.ulike(), w);
        assertClose(v, w, 1e-15);
    }

    @Test
    void initializeRefusesAUnitWithZeroWeights() {
        INDArray v = TestArrays.uniform(13, -1, 1, 5, 4);
        v.getColumn(2).assign(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WeightNormKernel.initialize(v, Nd4j.create(DataType.DOUBLE, 4)));
        assertEquals(true, e.getMessage().contains("unit 2"), e.getMessage());
    }
}
