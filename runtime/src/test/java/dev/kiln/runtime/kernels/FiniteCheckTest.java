package dev.kiln.runtime.kernels;

import dev.kiln.runtime.testing.ArrayCount;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FiniteCheckTest {

    @Test
    void findsANaNOrAnInfinityAnywhere() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray x = Nd4j.rand(type, 7, 5);
            assertTrue(FiniteCheck.allFinite(x));
            for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
                INDArray spoiled = x.dup();
                spoiled.putScalar(6, 4, bad);
                assertFalse(FiniteCheck.allFinite(spoiled), type + " with " + bad + " in its last element");
            }
        }
    }

    @Test
    void finiteElementsWhoseSumOverflowsAreFinite() {
        // 3e38 + 3e38 overflows float32: the sum is infinite, the elements are not.
        INDArray large = Nd4j.valueArrayOf(new long[] {4}, 3e38f, DataType.FLOAT);
        assertTrue(FiniteCheck.allFinite(large));
        INDArray cancelling = Nd4j.createFromArray(Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE);
        assertTrue(FiniteCheck.allFinite(cancelling));
    }

    @Test
    void aFiniteArrayIsCheckedWithoutCreatingArrays() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 64, 32);
        FiniteCheck.allFinite(x);
        assertEquals(0, ArrayCount.during(() -> FiniteCheck.allFinite(x)));
        assertEquals(0, ArrayCount.nativeObjectsDuring(() -> FiniteCheck.allFinite(x)));
    }
}
