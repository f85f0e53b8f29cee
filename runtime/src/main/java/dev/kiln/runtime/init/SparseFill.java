package dev.kiln.runtime.init;

import dev.kiln.ir.InitSpec;

import java.util.SplittableRandom;

/**
 * SPARSE(sparsity, std): N(0, std²) draws, then for every unit (a dense column, a conv filter;
 * see {@link WeightMatrix}) exactly ceil(sparsity·fanIn) of its incoming weights, picked uniformly,
 * set to zero. Each unit then sums a fixed number of random inputs (Martens 2010), whatever the width.
 */
final class SparseFill implements SchemeFill {

    @Override
    public void fill(double[] values, InitSpec spec, long[] shape, SplittableRandom rng) {
        double sparsity = spec.sparsity();
        if (!(sparsity >= 0 && sparsity < 1)) {
            throw new IllegalArgumentException("sparse sparsity must be in [0, 1), got " + sparsity);
        }
        Parameters.requireNonNegative("sparse std", spec.std());
        WeightMatrix matrix = WeightMatrix.of(shape, "SPARSE");
        Draws.normal(values, 0.0, spec.std(), rng);
        int incoming = matrix.incoming();
        int zeros = (int) Math.ceil(sparsity * incoming);
        int[] order = new int[incoming];
        for (int unit = 0; unit < matrix.units(); unit++) {
            for (int k = 0; k < incoming; k++) {
                order[k] = k;
            }
            // The first `zeros` steps of a Fisher-Yates shuffle: a uniform choice of positions.
            for (int k = 0; k < zeros; k++) {
                int pick = k + rng.nextInt(incoming - k);
                int chosen = order[pick];
                order[pick] = order[k];
                order[k] = chosen;
                values[matrix.index(unit, chosen)] = 0.0;
            }
        }
    }
}
