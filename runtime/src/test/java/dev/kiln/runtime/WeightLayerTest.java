package dev.kiln.runtime;

import dev.kiln.runtime.kernels.WeightNormKernel;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Edits through {@link WeightLayer}, against values worked by hand: a plain layer's W changes
 * itself (Dense columns, convolution filters); a weight-normalized one's edits land in g, or in v
 * and g, so that W = g·v/‖v‖ recomputed from them is the edited W; refused edits change nothing.
 */
class WeightLayerTest {

    private static INDArray matrix(double[][] values) {
        return Nd4j.createFromArray(values).castTo(DataType.DOUBLE);
    }

    @Test
    void aPlainDenseLayerScalesItsColumnsAndAConvolutionItsFilters() {
        INDArray w = matrix(new double[][] {{1, 2, 3}, {4, 5, 6}});
        WeightLayer dense = WeightLayer.of("fc", w, null);
        dense.scaleUnits(Nd4j.createFromArray(1.0, -2.0, 0.5));
        assertEquals(matrix(new double[][] {{1, -4, 1.5}, {4, -10, 3}}), w);
        dense.scaleWeight(2);
        assertEquals(matrix(new double[][] {{2, -8, 3}, {8, -20, 6}}), w);

        INDArray filters = Nd4j.ones(DataType.DOUBLE, 2, 1, 2, 2);
        WeightLayer conv = WeightLayer.of("conv", filters, null);
        conv.scaleUnits(Nd4j.createFromArray(3.0, -1.0));
        assertEquals(3.0 * 4, filters.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0)).sumNumber().doubleValue(), 0.0);
        assertEquals(-1.0 * 4, filters.get(org.nd4j.linalg.indexing.NDArrayIndex.point(1)).sumNumber().doubleValue(), 0.0);
    }

    @Test
    void weightNormEditsLandInGAndV() {
        // v = [[3, 0], [4, 2]]: ‖v_0‖ = 5, ‖v_1‖ = 2; g = [10, 1], so W = [[6, 0], [8, 1]].
        INDArray v = matrix(new double[][] {{3, 0}, {4, 2}});
        INDArray g = Nd4j.createFromArray(10.0, 1.0);
        INDArray norms = Nd4j.create(DataType.DOUBLE, 2);
        INDArray w = Nd4j.create(DataType.DOUBLE, 2, 2);
        WeightLayer layer = WeightLayer.weightNormalized("fc", v, g, norms, w, null);
        assertEquals(matrix(new double[][] {{6, 0}, {8, 1}}), layer.weight());

        layer.scaleUnits(Nd4j.createFromArray(0.5, 3.0));
        assertEquals(Nd4j.createFromArray(5.0, 3.0), g);
        assertEquals(matrix(new double[][] {{3, 0}, {4, 2}}), v, "a scaling leaves v alone");
        assertTrue(matrix(new double[][] {{3, 0}, {4, 3}}).equalsWithEps(layer.weight(), 1e-15));

        layer.scaleWeight(-2);
        assertEquals(Nd4j.createFromArray(-10.0, -6.0), g);

        INDArray assigned = matrix(new double[][] {{0, 1}, {-2, 0}});
        layer.assignWeight(assigned);
        assertEquals(assigned, v, "v is the new W, as at construction");
        assertEquals(Nd4j.createFromArray(2.0, 1.0), g, "g is its length per unit");
        INDArray recomputed = Nd4j.create(DataType.DOUBLE, 2, 2);
        WeightNormKernel.forward(v, g, Nd4j.create(DataType.DOUBLE, 2), recomputed);
        assertEquals(assigned, recomputed, "the forward pass's W is the assigned one");
    }

    @Test
    void refusedEditsNameTheLayerAndChangeNothing() {
        INDArray v = matrix(new double[][] {{3, 0}, {4, 2}});
        INDArray g = Nd4j.createFromArray(10.0, 1.0);
        WeightLayer layer = WeightLayer.weightNormalized("fc", v, g, Nd4j.create(DataType.DOUBLE, 2), Nd4j.create(DataType.DOUBLE, 2, 2),
                null);
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class, () -> layer.assignWeight(Nd4j.ones(DataType.DOUBLE, 3, 2)));
        assertEquals("layer 'fc': W is [2, 2], cannot assign [3, 2]", shape.getMessage());
        IllegalArgumentException dead = assertThrows(IllegalArgumentException.class,
                () -> layer.assignWeight(matrix(new double[][] {{1, 0}, {1, 0}})));
        assertEquals("layer 'fc' is weight-normalized: weight norm needs a nonzero, finite v for every output unit, but unit 1 has ‖v‖ = 0.0",
                dead.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> layer.scaleUnits(Nd4j.createFromArray(1.0, Double.NaN)));
        assertEquals("layer 'fc': cannot scale W by a non-finite factor 1, NaN", nan.getMessage());
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class, () -> layer.scaleUnits(Nd4j.createFromArray(1.0)));
        assertEquals("layer 'fc' has 2 output units, got 1 factors", count.getMessage());
        assertEquals(matrix(new double[][] {{3, 0}, {4, 2}}), v);
        assertEquals(Nd4j.createFromArray(10.0, 1.0), g);
    }
}
