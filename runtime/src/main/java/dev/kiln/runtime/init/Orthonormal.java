package dev.kiln.runtime.init;

/**
 * The Q factor of a reduced QR decomposition by Householder reflections, computed in Java doubles
 * so that a seed gives bit-identical orthogonal weights on every machine (a LAPACK call would
 * depend on the BLAS build). Columns are stored contiguously: {@code a[j]} is column j.
 */
final class Orthonormal {
    private Orthonormal() {
    }

    /**
     * For A [m, n] with m >= n, returns Q [m, n] (as columns) with A = QR, QᵀQ = I, and the signs
     * fixed so that R has a non-negative diagonal: Q ← Q·diag(sign(diag R)), sign(0) = 1. The sign
     * fix makes Q Haar-distributed when A is Gaussian (without it, Q is biased by the reflections).
     * {@code a} is overwritten.
     */
    static double[][] thinQ(double[][] a, int m) {
        int n = a.length;
        if (n > m) {
            throw new IllegalArgumentException("thinQ needs m >= n, got m=" + m + ", n=" + n);
        }
        double[][] reflectors = new double[n][];
        double[] rDiagonal = new double[n];
        for (int k = 0; k < n; k++) {
            double[] column = a[k];
            double norm = 0;
            for (int i = k; i < m; i++) {
                norm += column[i] * column[i];
            }
            norm = Math.sqrt(norm);
            // alpha has the sign opposite to the pivot, so v = x - alpha e1 never cancels.
            double alpha = column[k] >= 0 ? -norm : norm;
            double[] v = new double[m - k];
            for (int i = k; i < m; i++) {
                v[i - k] = column[i];
            }
            v[0] -= alpha;
            double vNorm = 0;
            for (double x : v) {
                vNorm += x * x;
            }
            vNorm = Math.sqrt(vNorm);
            if (vNorm == 0) {
                // The column below the diagonal is already zero: no reflection needed.
                reflectors[k] = null;
                rDiagonal[k] = column[k];
                continue;
            }
            for (int i = 0; i < v.length; i++) {
                v[i] /= vNorm;
            }
            reflectors[k] = v;
            rDiagonal[k] = alpha;
            for (int j = k; j < n; j++) {
                reflect(v, a[j], k);
            }
        }
        // Q = H_0 H_1 ... H_{n-1} applied to the first n columns of the identity.
        double[][] q = new double[n][m];
        for (int j = 0; j < n; j++) {
            q[j][j] = 1.0;
            for (int k = Math.min(j, n - 1); k >= 0; k--) {
                if (reflectors[k] != null) {
                    reflect(reflectors[k], q[j], k);
                }
            }
            if (rDiagonal[j] < 0) {
                for (int i = 0; i < m; i++) {
                    q[j][i] = -q[j][i];
                }
            }
        }
        return q;
    }

    /** x[offset..] ← (I − 2vvᵀ) x[offset..]. */
    private static void reflect(double[] v, double[] x, int offset) {
        double dot = 0;
        for (int i = 0; i < v.length; i++) {
            dot += v[i] * x[offset + i];
        }
        dot *= 2;
        for (int i = 0; i < v.length; i++) {
            x[offset + i] -= dot * v[i];
        }
    }
}
