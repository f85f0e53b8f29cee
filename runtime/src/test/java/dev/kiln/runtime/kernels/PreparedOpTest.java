package dev.kiln.runtime.kernels;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PreparedOpTest {

    @Test
    void runsTheOpOnItsBoundArraysAndSeesTheirNewContents() {
        PreparedOp product = PreparedOp.of("matmul", 2, 1, new long[] {0, 0, 0}, new double[] {1.0, 0.0});
        INDArray a = Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}});
        INDArray b = Nd4j.createFromArray(new double[][] {{5, 6}, {7, 8}});
        INDArray c = Nd4j.create(DataType.DOUBLE, 2, 2);
        product.input(0, a).input(1, b).output(0, c).exec();
        assertEquals(Nd4j.createFromArray(new double[][] {{19, 22}, {43, 50}}), c);
        a.assign(1);
        product.exec();
        assertEquals(Nd4j.createFromArray(new double[][] {{12, 14}, {12, 14}}), c);
    }

    @Test
    void aFailingOpIsReportedWithItsName() {
        PreparedOp product = PreparedOp.of("matmul", 2, 1, new long[] {0, 0, 0}, new double[] {1.0, 0.0});
        product.input(0, Nd4j.create(DataType.DOUBLE, 2, 3)).input(1, Nd4j.create(DataType.DOUBLE, 4, 5))
                .output(0, Nd4j.create(DataType.DOUBLE, 2, 5));
        IllegalStateException e = assertThrows(IllegalStateException.class, product::exec);
        assertTrue(e.getMessage().startsWith("libnd4j op matmul failed"), e.getMessage());
        // The failure does not stick to the thread: the next op runs.
        runsTheOpOnItsBoundArraysAndSeesTheirNewContents();
    }
}
