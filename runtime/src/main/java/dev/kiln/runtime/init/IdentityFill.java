package dev.kiln.runtime.init;

import dev.kiln.ir.InitSpec;

import java.util.Arrays;
import java.util.SplittableRandom;

/** IDENTITY(gain): W = gain·I for a square dense weight, so x·W = gain·x exactly. Draws nothing. */
final class IdentityFill implements SchemeFill {

    @Override
    public void fill(double[] values, InitSpec spec, long[] shape, SplittableRandom rng) {
        if (shape.length != 2 || shape[0] != shape[1]) {
            throw new IllegalArgumentException("IDENTITY needs a square dense weight [n, n], got " + Arrays.toString(shape)
                    + "; use DIRAC for a conv kernel or ORTHOGONAL for a non-square weight");
        }
        double gain = Double.isNaN(spec.gain()) ? 1.0 : spec.gain();
        Parameters.requireFinite("identity gain", gain);
        int n = Math.toIntExact(shape[0]);
        Arrays.fill(values, 0.0);
        for (int i = 0; i < n; i++) {
            values[i * n + i] = gain;
        }
    }
}
