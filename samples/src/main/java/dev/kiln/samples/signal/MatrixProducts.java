package dev.kiln.samples.signal;

import dev.kiln.dsl.Scheme;
import dev.kiln.ir.InitSpec;
import dev.kiln.runtime.init.Initializers;
import dev.kiln.runtime.init.SeedStreams;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;

/**
 * Reference §15.3: products W1·W2·…·Wℓ of random 100x100 matrices with kσ² = 1, ℓ = 1..8. The
 * singular values of a Gaussian product spread over many orders of magnitude (a few directions
 * amplified, most squashed); an orthogonal product keeps every one of them at 1.
 */
public final class MatrixProducts {
    public static final int SIZE = 100;
    public static final int DEPTH = 8;

    /** The largest and smallest singular value of the product of {@code depth} matrices. */
    public record Spread(int depth, double largest, double smallest) {
        public double ratio() {
            return largest / smallest;
        }
    }

    private MatrixProducts() {
    }

    public static List<Spread> gaussian(long seed) {
        return spreads(InitSpec.normal(0, Math.sqrt(1.0 / SIZE)), seed);
    }

    public static List<Spread> orthogonal(long seed) {
        return spreads(InitSpec.of(Scheme.ORTHOGONAL).withGain(1.0), seed);
    }

    private static List<Spread> spreads(InitSpec spec, long seed) {
        SeedStreams seeds = new SeedStreams(seed);
        List<Spread> spreads = new ArrayList<>();
        INDArray product = Nd4j.eye(SIZE).castTo(DataType.DOUBLE);
        for (int depth = 1; depth <= DEPTH; depth++) {
            INDArray w = Initializers.create(spec, new long[] {SIZE, SIZE}, DataType.DOUBLE, seeds.forParameter("W" + depth));
            product = product.mmul(w);
            double[] singular = singularValues(product);
            spreads.add(new Spread(depth, singular[0], singular[singular.length - 1]));
        }
        return spreads;
    }

    /** Singular values, largest first, from LAPACK's gesvd in float64 (values only: U and Vᵀ are not asked for). */
    static double[] singularValues(INDArray matrix) {
        INDArray a = matrix.dup('f');
        INDArray s = Nd4j.create(DataType.DOUBLE, Math.min(a.rows(), a.columns()));
        Nd4j.getBlasWrapper().lapack().gesvd(a, s, null, null);
        double[] values = s.toDoubleVector();
        java.util.Arrays.sort(values);
        for (int i = 0; i < values.length / 2; i++) {
            double t = values[i];
            values[i] = values[values.length - 1 - i];
            values[values.length - 1 - i] = t;
        }
        return values;
    }
}
