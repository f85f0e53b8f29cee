package dev.kiln.runtime.data.image;

import dev.kiln.runtime.data.numpy.Npy;
import dev.kiln.runtime.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ResamplingTest {
    @TempDir
    Path dir;

    private static Pixels grey(int height, int width, float... values) {
        return new Pixels(1, height, width, values);
    }

    @Test
    void halvingAveragesEachPairAndDoublingInterpolatesBetweenCentres() {
        // Reducing 4 -> 2 the triangle spans 2 input pixels each side of the output centre (at 1 and 3):
        // output 0 weighs inputs 0..2 by 0.75, 0.75, 0.25 before normalizing (over 1.75): (0.75*0 + 0.75*1
        // + 0.25*2) / 1.75; output 1 weighs inputs 1..3 by 0.25, 0.75, 0.75.
        Pixels halved = Resampling.resize(grey(1, 4, 0, 1, 2, 3), 1, 2);
        assertArrayEquals(new float[] {(float) (1.25 / 1.75), (float) ((0.25 + 1.5 + 2.25) / 1.75)}, halved.values(), 1e-6f);
        // Enlarging 2 -> 4 output centres fall at input positions -0.25, 0.25, 0.75, 1.25 (clamped at the edges).
        Pixels doubled = Resampling.resize(grey(1, 2, 0, 1), 1, 4);
        assertArrayEquals(new float[] {0, 0.25f, 0.75f, 1}, doubled.values(), 1e-6f);
        Pixels constant = Resampling.resize(grey(3, 5, new float[] {.4f, .4f, .4f, .4f, .4f, .4f, .4f, .4f, .4f, .4f,
                .4f, .4f, .4f, .4f, .4f}), 7, 2);
        for (float v : constant.values()) {
            assertEquals(0.4f, v, 1e-6f);
        }
    }

    @Test
    void theCentreCropTakesTheMiddleAndLeavesAnOddPixelAfter() {
        Pixels image = grey(3, 4, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        assertArrayEquals(new float[] {5, 6}, Resampling.centreCrop(image, 1, 2).values(), 0f);
        assertArrayEquals(new float[] {0, 1, 2, 4, 5, 6}, Resampling.centreCrop(image, 2, 3).values(), 0f);
    }

    @Test
    void resizingMatchesPillowsBilinearFilterOnFloatImages() throws IOException {
        Python.with("numpy", "PIL").run("""
                import numpy as np
                from PIL import Image
                rng = np.random.default_rng(11)
                x = rng.random((37, 53), dtype=np.float32)
                np.save('in.npy', x)
                for h, w in ((16, 20), (37, 8), (90, 61), (5, 120)):
                    out = Image.fromarray(x, mode='F').resize((w, h), Image.BILINEAR)
                    np.save('out_%d_%d.npy' % (h, w), np.asarray(out, dtype=np.float32))
                """, dir);
        INDArray in = Npy.read(dir.resolve("in.npy"));
        Pixels image = grey(37, 53, in.reshape(37 * 53).toFloatVector());
        for (int[] size : new int[][] {{16, 20}, {37, 8}, {90, 61}, {5, 120}}) {
            float[] expected = Npy.read(dir.resolve("out_" + size[0] + "_" + size[1] + ".npy"))
                    .reshape((long) size[0] * size[1]).toFloatVector();
            assertArrayEquals(expected, Resampling.resize(image, size[0], size[1]).values(), 2e-6f,
                    size[0] + "x" + size[1]);
        }
    }
}
