package dev.kiln.runtime.init;

import dev.kiln.ir.InitSpec;

import java.util.SplittableRandom;

/**
 * ORTHOGONAL(gain), reference §5: on the 2-D view M [r, c] of the weight ({@link WeightMatrix}),
 * draw A ~ N(0, 1) of shape [max(r, c), min(r, c)], take the sign-fixed Q of A = QR, and set
 * M = gain·Q when r >= c (then MᵀM = gain²·I) or gain·Qᵀ when r < c (then MMᵀ = gain²·I).
 */
final class OrthogonalFill implements SchemeFill {

    @Override
    public void fill(double[] values, InitSpec spec, long[] shape, SplittableRandom rng) {
        double gain = Double.isNaN(spec.gain()) ? 1.0 : spec.gain();
        Parameters.requireFinite("orthogonal gain", gain);
        WeightMatrix matrix = WeightMatrix.of(shape, "ORTHOGONAL");
        boolean tall = matrix.rows() >= matrix.cols();
        int m = Math.max(matrix.rows(), matrix.cols());
        int n = Math.min(matrix.rows(), matrix.cols());
        // Drawn column by column, so a given (seed, shape) always sees the same Gaussian matrix.
        double[][] a = new double[n][m];
        GaussianSource gaussian = new GaussianSource(rng);
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                a[j][i] = gaussian.next();
            }
        }
        double[][] q = Orthonormal.thinQ(a, m);
        int cols = matrix.cols();
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                // Q[i][j] lands at M[i][j] (tall) or M[j][i] (wide, M = Qᵀ).
                int index = tall ? i * cols + j : j * cols + i;
                values[index] = gain * q[j][i];
            }
        }
    }
}
