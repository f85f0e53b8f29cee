package dev.kiln.ir;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.Scheme;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shapes of a small CNN against a golden table; the output-size formula and the counting convention of reference 12. */
class ConvShapeInferenceTest {
    private static final InitSpec KAIMING = InitSpec.of(Scheme.KAIMING_NORMAL).withGain(Math.sqrt(2));
    private static final InitSpec ZEROS = InitSpec.of(Scheme.ZEROS);

    private static ConvSpec conv(String name, int filters, Window window, boolean bias) {
        return new ConvSpec(name, filters, window, 1, bias, ActivationFunction.of(Activation.RELU), KAIMING, ZEROS);
    }

    @Test
    void smallCnnShapesMatchTheGoldenTable() {
        ModelGraph graph = ModelGraph.chain("SmallCnn", Shape.of(1, 28, 28), Loss.SOFTMAX_CROSS_ENTROPY, List.of(
                conv("c1", 32, new Window(3, 3, 1, 1, 1, 1, 1, 1), false),
                NormSpec.batch("bn1", 1e-5, 0.9, true),
                new PoolSpec("p1", PoolSpec.Kind.MAX, Window.pooling(2, 2, 2, 2, 0, 0)),
                conv("c2", 64, new Window(3, 3, 1, 1, 0, 0, 1, 1), true),
                conv("c3", 64, new Window(3, 3, 2, 2, 1, 1, 2, 2), true),
                new PoolSpec("p2", PoolSpec.Kind.AVERAGE, Window.pooling(3, 3, 1, 1, 1, 1)),
                PoolSpec.global("gap"),
                new DenseSpec("logits", 10, true, ActivationFunction.IDENTITY, InitSpec.of(Scheme.XAVIER_NORMAL).withGain(1), ZEROS)));
        ShapeInference.Result shapes = ShapeInference.infer(graph);
        assertTrue(shapes.ok(), shapes.problems().toString());
        List<String> golden = List.of("[n,32,28,28]", "[n,32,28,28]", "[n,32,14,14]", "[n,64,12,12]", "[n,64,5,5]", "[n,64,5,5]",
                "[n,64]", "[n,10]");
        assertEquals(golden, shapes.outputs().stream().map(Shape::toString).toList());
        ModelSummary summary = ModelSummary.of(graph);
        // c1: 3*3*1*32 = 288 (no bias); ops 288*28*28. c2: 3*3*32*64+64 = 18,496; ops * 12*12. bn1: 2*32.
        assertEquals(288, summary.rows().get(0).parameters());
        assertEquals(288L * 28 * 28, summary.rows().get(0).multiplyAdds());
        assertEquals(64, summary.rows().get(1).parameters());
        assertEquals(32L * 28 * 28, summary.rows().get(2).multiplyAdds(), "pooling ops = input volume");
        assertEquals(18_496, summary.rows().get(3).parameters());
        assertEquals(18_496L * 12 * 12, summary.rows().get(3).multiplyAdds());
    }

    @Test
    void referenceRowsOfTheResNetTables() {
        // 224 with K7, P3, S2 -> 112; params 7*7*3*64 + 64 = 9,472; ops 9,472 * 112 * 112 = 118,816,768.
        ConvSpec stem = conv("conv1", 64, new Window(7, 7, 2, 2, 3, 3, 1, 1), true);
        Shape in = Shape.of(3, 224, 224);
        assertEquals(Shape.of(64, 112, 112), assertDoesNotThrowShape(stem, in));
        assertEquals(9_472, stem.parameterCount(in));
        assertEquals(118_816_768L, stem.multiplyAdds(in));
        // a 3x3 pool with S2, P1 takes 112 -> 56
        PoolSpec pool = new PoolSpec("pool", PoolSpec.Kind.MAX, Window.pooling(3, 3, 2, 2, 1, 1));
        assertEquals(Shape.of(64, 56, 56), assertDoesNotThrowShape(pool, Shape.of(64, 112, 112)));
    }

    private static Shape assertDoesNotThrowShape(LayerSpec layer, Shape in) {
        try {
            return layer.outputShape(in);
        } catch (ShapeException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}
