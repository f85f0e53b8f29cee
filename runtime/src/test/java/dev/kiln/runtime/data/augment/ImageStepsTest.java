package dev.kiln.runtime.data.augment;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each image step's arithmetic against results worked out by hand on small NCHW images. */
class ImageStepsTest {
    /** Two channels of 3x3, channel 0 = 1..9 row by row, channel 1 = 11..19; a leading example of 18 zeros before it. */
    private static final ImageShape TWO_BY_3X3 = new ImageShape(2, 3, 3);

    private static double[] secondExample() {
        double[] values = new double[36];
        for (int i = 0; i < 9; i++) {
            values[18 + i] = i + 1;
            values[27 + i] = i + 11;
        }
        return values;
    }

    private static double[] slice(double[] values, int from) {
        return java.util.Arrays.copyOfRange(values, from, from + 18);
    }

    @Test
    void aCropShiftMovesEveryChannelByTheOffsetAndFillsZeros() {
        double[] out = new double[36];
        // out(y, x) = in(y + 1, x - 1): the image moves up one row and right one column.
        RandomCrop.shift(secondExample(), out, 18, TWO_BY_3X3, 1, -1);
        assertArrayEquals(new double[] {
            0, 4, 5,
            0, 7, 8,
            0, 0, 0,
            0, 14, 15,
            0, 17, 18,
            0, 0, 0}, slice(out, 18));
        assertArrayEquals(new double[18], slice(out, 0), "the other example is not touched");
    }

    @Test
    void aFlipMirrorsEachRowOfEachChannel() {
        double[] out = new double[36];
        HorizontalFlip.flip(secondExample(), out, 18, TWO_BY_3X3);
        assertArrayEquals(new double[] {3, 2, 1, 6, 5, 4, 9, 8, 7, 13, 12, 11, 16, 15, 14, 19, 18, 17}, slice(out, 18));
    }

    @Test
    void aQuarterTurnMovesPixelsExactlyAndAWholePixelShiftCopies() {
        double[] out = new double[36];
        // Clockwise on screen (y down): the left column (1, 4, 7) becomes the top row read right to left.
        RandomAffine.warp(secondExample(), out, 18, TWO_BY_3X3, Math.PI / 2, 0, 0);
        assertArrayEquals(new double[] {7, 4, 1, 8, 5, 2, 9, 6, 3, 17, 14, 11, 18, 15, 12, 19, 16, 13}, slice(out, 18));
        RandomAffine.warp(secondExample(), out, 18, TWO_BY_3X3, 0, 1, 0);
        assertArrayEquals(new double[] {0, 1, 2, 0, 4, 5, 0, 7, 8, 0, 11, 12, 0, 14, 15, 0, 17, 18}, slice(out, 18),
                "shifted right by one pixel, zeros coming in");
    }

    @Test
    void aHalfPixelShiftAveragesNeighboursBilinearly() {
        double[] out = new double[36];
        RandomAffine.warp(secondExample(), out, 18, TWO_BY_3X3, 0, 0.5, -0.5);
        // out(y, x) reads in(y + 0.5, x - 0.5): the mean of rows y, y+1 and columns x-1, x (0 outside).
        double[] expected = {
            (0 + 1 + 0 + 4) / 4.0, (1 + 2 + 4 + 5) / 4.0, (2 + 3 + 5 + 6) / 4.0,
            (0 + 4 + 0 + 7) / 4.0, (4 + 5 + 7 + 8) / 4.0, (5 + 6 + 8 + 9) / 4.0,
            (0 + 7) / 4.0, (7 + 8) / 4.0, (8 + 9) / 4.0};
        assertArrayEquals(expected, java.util.Arrays.copyOfRange(out, 18, 27), 1e-12);
    }

    @Test
    void aRectangleIsErasedInEveryChannelAndNothingElse() {
        double[] out = new double[36];
        Rectangle.erase(secondExample(), out, 18, TWO_BY_3X3, 1, 0, 2, 2, -1);
        assertArrayEquals(new double[] {1, 2, 3, -1, -1, 6, -1, -1, 9, 11, 12, 13, -1, -1, 16, -1, -1, 19}, slice(out, 18));
    }

    @Test
    void cutoutErasesASquareAroundItsCentreClippedAtTheEdges() {
        ImageShape image = new ImageShape(1, 9, 9);
        Cutout cutout = new Cutout(4);
        int full = 0;
        int clipped = 0;
        for (int seed = 0; seed < 400; seed++) {
            double[] ones = new double[81];
            java.util.Arrays.fill(ones, 1);
            double[] out = new double[81];
            cutout.transform(ones, out, 0, image, new SplittableRandom(seed));
            int[] box = zeroBox(out, image);
            int height = box[2] - box[0] + 1;
            int width = box[3] - box[1] + 1;
            assertEquals(height * width, count(out, 0), "seed " + seed + ": the erased region is a rectangle");
            assertTrue(height <= 4 && width <= 4, "seed " + seed + ": at most 4x4, got " + height + "x" + width);
            if (height == 4 && width == 4) {
                full++;
            } else {
                assertTrue(box[0] == 0 || box[1] == 0 || box[2] == 8 || box[3] == 8, "seed " + seed
                        + ": only a square at an edge is clipped: rows " + box[0] + "-" + box[2] + ", columns " + box[1] + "-" + box[3]);
                clipped++;
            }
        }
        // Centres uniform over 9 rows: rows 2..7 give a full 4 rows (top = cy - 2 >= 0, bottom = cy + 1 <= 8), 6 of 9;
        // both axes: 36/81 of the draws, 178 of 400, binomial sd 9.9.
        assertEquals(400 * 36 / 81.0, full, 5 * Math.sqrt(400 * 36 / 81.0 * 45 / 81.0), "full squares");
        assertEquals(400, full + clipped);
    }

    /** First and last row and column holding a 0: {top, left, bottom, right}. */
    static int[] zeroBox(double[] image, ImageShape shape) {
        int top = Integer.MAX_VALUE;
        int left = Integer.MAX_VALUE;
        int bottom = -1;
        int right = -1;
        for (int y = 0; y < shape.height(); y++) {
            for (int x = 0; x < shape.width(); x++) {
                if (image[y * shape.width() + x] == 0) {
                    top = Math.min(top, y);
                    bottom = Math.max(bottom, y);
                    left = Math.min(left, x);
                    right = Math.max(right, x);
                }
            }
        }
        return new int[] {top, left, bottom, right};
    }

    static int count(double[] values, double value) {
        int n = 0;
        for (double v : values) {
            if (v == value) {
                n++;
            }
        }
        return n;
    }
}
