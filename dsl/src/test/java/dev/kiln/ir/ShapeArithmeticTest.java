package dev.kiln.ir;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Scheme;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Shape rules on sizes up to {@code Integer.MAX_VALUE}, against the same formulas in exact
 * (BigInteger) arithmetic: a rule either gives exactly the formula's shape, every size at least 1
 * and at most {@link Shape#MAX_ELEMENTS} values, or refuses the layer. Nothing wraps.
 */
class ShapeArithmeticTest {
    private static final BigInteger MAX_INT = BigInteger.valueOf(Integer.MAX_VALUE);
    private static final BigInteger MAX_ELEMENTS = BigInteger.valueOf(Shape.MAX_ELEMENTS);
    private static final InitSpec INIT = InitSpec.of(Scheme.KAIMING_NORMAL).withGain(1);
    private static final int CASES = 20_000;

    /** Mostly small sizes, with the edges of int arithmetic mixed in. */
    private static int size(SplittableRandom random, int minimum) {
        return switch (random.nextInt(12)) {
            case 0 -> Integer.MAX_VALUE - random.nextInt(3);
            case 1 -> (1 << 30) + random.nextInt(3) - 1;
            case 2 -> 1 << random.nextInt(31);
            case 3 -> 46_341 + random.nextInt(3) - 1; // its square passes 2^31
            default -> minimum + random.nextInt(9);
        };
    }

    private static BigInteger big(long value) {
        return BigInteger.valueOf(value);
    }

    /** floor((size + 2 pad - dilation (kernel - 1) - 1) / stride) + 1, or null when the kernel does not fit. */
    private static BigInteger outputSize(int size, int kernel, int stride, int pad, int dilation) {
        BigInteger padded = big(size).add(big(pad).shiftLeft(1));
        BigInteger extent = big(dilation).multiply(big(kernel - 1)).add(BigInteger.ONE);
        if (extent.compareTo(padded) > 0) {
            return null;
        }
        return padded.subtract(extent).divide(big(stride)).add(BigInteger.ONE);
    }

    @Test
    void convolutionShapesAreExactOrRefused() {
        SplittableRandom random = new SplittableRandom(2024);
        int accepted = 0;
        for (int i = 0; i < CASES; i++) {
            int channels = size(random, 1);
            int h = size(random, 1);
            int w = size(random, 1);
            int filters = size(random, 1);
            int kernel = size(random, 1);
            int stride = size(random, 1);
            int pad = random.nextBoolean() ? random.nextInt(3) : size(random, 0);
            int dilation = random.nextBoolean() ? 1 : size(random, 1);
            ConvSpec conv = new ConvSpec("c", filters, new Window(kernel, kernel, stride, stride, pad, pad, dilation, dilation), 1, false,
                    ActivationFunction.of(Activation.RELU), INIT, INIT);
            Shape in = Shape.of(channels, h, w);
            BigInteger outH = outputSize(h, kernel, stride, pad, dilation);
            BigInteger outW = outputSize(w, kernel, stride, pad, dilation);
            BigInteger padded = big(Math.max(h, w)).add(big(pad).shiftLeft(1));
            BigInteger weights = big(filters).multiply(big(channels)).multiply(big(kernel)).multiply(big(kernel));
            boolean valid = in.size() <= Shape.MAX_ELEMENTS && outH != null && outW != null && padded.compareTo(MAX_INT) <= 0
                    && weights.compareTo(MAX_ELEMENTS) <= 0 && big(filters).multiply(outH).multiply(outW).compareTo(MAX_ELEMENTS) <= 0;
            if (in.size() > Shape.MAX_ELEMENTS) {
                continue; // shape inference refuses such an input before any layer sees it
            }
            accepted += check(conv, in, valid ? new long[] {filters, outH.longValueExact(), outW.longValueExact()} : null);
        }
        assertTrue(accepted > CASES / 20, "enough valid cases to mean something: " + accepted);
    }

    @Test
    void poolingShapesAreExactOrRefused() {
        SplittableRandom random = new SplittableRandom(7);
        int accepted = 0;
        for (int i = 0; i < CASES; i++) {
            int channels = size(random, 1);
            int h = size(random, 1);
            int kernel = size(random, 1);
            int stride = size(random, 1);
            int pad = random.nextInt(3) == 0 ? size(random, 0) : random.nextInt(2);
            Shape in = Shape.of(channels, h, h);
            if (in.size() > Shape.MAX_ELEMENTS) {
                continue;
            }
            PoolSpec pool = new PoolSpec("p", PoolSpec.Kind.MAX, Window.pooling(kernel, kernel, stride, stride, pad, pad));
            BigInteger out = outputSize(h, kernel, stride, pad, 1);
            boolean valid = out != null && big(h).add(big(pad).shiftLeft(1)).compareTo(MAX_INT) <= 0
                    && big(channels).multiply(out).multiply(out).compareTo(MAX_ELEMENTS) <= 0;
            accepted += check(pool, in, valid ? new long[] {channels, out.longValueExact(), out.longValueExact()} : null);
        }
        assertTrue(accepted > CASES / 20, "enough valid cases to mean something: " + accepted);
    }

    @Test
    void concatenationAndDenseShapesAreExactOrRefused() throws ShapeException {
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < CASES; i++) {
            int a = size(random, 1);
            int b = size(random, 1);
            int spatial = random.nextBoolean() ? 1 : size(random, 1);
            Shape first = Shape.of(a, spatial);
            Shape second = Shape.of(b, spatial);
            if (first.size() > Shape.MAX_ELEMENTS || second.size() > Shape.MAX_ELEMENTS) {
                continue;
            }
            BigInteger channels = big(a).add(big(b));
            boolean valid = channels.multiply(big(spatial)).compareTo(MAX_ELEMENTS) <= 0;
            ConcatSpec concat = new ConcatSpec("join");
            if (valid) {
                assertEquals(Shape.of(a + b, spatial), concat.outputShape(java.util.List.of(first, second)));
            } else {
                assertThrows(ShapeException.class, () -> concat.outputShape(java.util.List.of(first, second)), a + " + " + b);
            }
            DenseSpec dense = new DenseSpec("fc", b, false, ActivationFunction.IDENTITY, INIT, INIT);
            Shape flat = Shape.of(a);
            check(dense, flat, big(a).multiply(big(b)).compareTo(MAX_ELEMENTS) <= 0 ? new long[] {b} : null);
        }
    }

    @Test
    void sizesOfManyLargeDimensionsSaturateInsteadOfWrapping() {
        Shape huge = Shape.of(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE);
        assertEquals(Long.MAX_VALUE, huge.size());
        assertEquals(Long.MAX_VALUE, Shape.elements(1L << 40, 1L << 40));
        assertEquals(6, Shape.elements(2, 3));
    }

    /** 1 when the layer gives {@code expected}, 0 when it refuses as expected (null). */
    private static int check(LayerSpec layer, Shape in, long[] expected) {
        String what = layer + " on " + in;
        if (expected == null) {
            ShapeException refused = assertThrows(ShapeException.class, () -> layer.outputShape(in), what);
            assertTrue(refused.getMessage().contains("'" + layer.name() + "'"), refused.getMessage());
            return 0;
        }
        Shape out;
        try {
            out = layer.outputShape(in);
        } catch (ShapeException e) {
            throw new AssertionError(what + " refused: " + e.getMessage(), e);
        }
        assertEquals(Shape.format(expected), out.toString(), what);
        return 1;
    }
}
