package dev.kiln.runtime.data.augment;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The random parameters of each step, read back from what the step does to probe images, against
 * their distributions. Fixed seeds; every tolerance is 5 standard errors for the sample size, so a
 * correct step fails with probability below 1e-6 and a wrong distribution (a biased coin, an offset
 * range one too small) fails for sure.
 */
class RandomParametersTest {
    private static final int DRAWS = 20_000;

    /** A 1 at (y, x), zeros elsewhere. */
    private static double[] impulse(ImageShape image, int y, int x) {
        double[] values = new double[image.size()];
        values[y * image.width() + x] = 1;
        return values;
    }

    @Test
    void aFlipHappensWithItsProbability() {
        ImageShape image = new ImageShape(1, 1, 2);
        for (double p : new double[] {0.5, 0.2}) {
            HorizontalFlip flip = new HorizontalFlip(p);
            SplittableRandom random = new SplittableRandom(3);
            int flipped = 0;
            double[] out = new double[2];
            for (int i = 0; i < DRAWS; i++) {
                flip.transform(new double[] {1, 0}, out, 0, image, random);
                flipped += out[0] == 0 ? 1 : 0;
            }
            assertEquals(p * DRAWS, flipped, 5 * Math.sqrt(DRAWS * p * (1 - p)), "flips with p = " + p);
        }
    }

    @Test
    void cropOffsetsAreUniformOverTheSquareOfPaddings() {
        ImageShape image = new ImageShape(1, 9, 9);
        RandomCrop crop = new RandomCrop(2);
        SplittableRandom random = new SplittableRandom(5);
        int[][] counts = new int[5][5];
        double[] out = new double[81];
        for (int i = 0; i < DRAWS; i++) {
            crop.transform(impulse(image, 4, 4), out, 0, image, random);
            int at = indexOf(out, 1);
            // out(y, x) = in(y + dy, x + dx): the impulse lands at (4 - dy, 4 - dx).
            counts[4 - at / 9 + 2][4 - at % 9 + 2]++;
        }
        double expected = DRAWS / 25.0;
        for (int dy = 0; dy < 5; dy++) {
            for (int dx = 0; dx < 5; dx++) {
                assertEquals(expected, counts[dy][dx], 5 * Math.sqrt(expected * 24 / 25), "offset (" + (dy - 2) + ", "
                        + (dx - 2) + ")");
            }
        }
    }

    @Test
    void translationsAreUniformWithinTheFractionOfTheSize() {
        ImageShape image = new ImageShape(1, 21, 21);
        RandomAffine translate = RandomAffine.translation(0.1);
        SplittableRandom random = new SplittableRandom(7);
        double max = 0.1 * 21;
        double sum = 0;
        double sumSquares = 0;
        double[] out = new double[image.size()];
        for (int i = 0; i < DRAWS; i++) {
            translate.transform(impulse(image, 10, 10), out, 0, image, random);
            // Bilinear sampling spreads the impulse over at most four pixels whose centroid is the shifted position.
            double tx = centroid(out, image)[1] - 10;
            assertTrue(Math.abs(tx) <= max + 1e-9, "shift " + tx + " beyond " + max);
            sum += tx;
            sumSquares += tx * tx;
        }
        double variance = max * max / 3;
        assertEquals(0, sum / DRAWS, 5 * Math.sqrt(variance / DRAWS), "mean shift");
        // Var of U² for U uniform on ±m: m⁴/5 − m⁴/9.
        assertEquals(variance, sumSquares / DRAWS, 5 * Math.sqrt((Math.pow(max, 4) * (1 / 5.0 - 1 / 9.0)) / DRAWS),
                "mean squared shift");
    }

    @Test
    void rotationAnglesAreUniformWithinTheLargestAngle() {
        ImageShape image = new ImageShape(1, 41, 41);
        RandomAffine rotate = RandomAffine.rotation(20);
        SplittableRandom random = new SplittableRandom(9);
        int draws = 4000;
        double sum = 0;
        double sumSquares = 0;
        double largest = 0;
        double[] out = new double[image.size()];
        for (int i = 0; i < draws; i++) {
            // The impulse 15 pixels right of the centre; the angle of its centroid about the centre is the rotation
            // (bilinear resampling moves a centroid by well under 0.1 pixel, 0.4 degrees at that radius).
            rotate.transform(impulse(image, 20, 35), out, 0, image, random);
            double[] c = centroid(out, image);
            double degrees = Math.toDegrees(Math.atan2(c[0] - 20, c[1] - 20));
            largest = Math.max(largest, Math.abs(degrees));
            sum += degrees;
            sumSquares += degrees * degrees;
        }
        assertTrue(largest <= 20.5 && largest > 19, "largest angle " + largest);
        assertEquals(0, sum / draws, 5 * Math.sqrt(400 / 3.0 / draws) + 0.4, "mean angle");
        assertEquals(400 / 3.0, sumSquares / draws, 5 * Math.sqrt(Math.pow(20, 4) * (1 / 5.0 - 1 / 9.0) / draws) + 2 * 20 * 0.4,
                "mean squared angle");
    }

    @Test
    void randomErasingHitsWithItsProbabilityAndKeepsAreaAndAspectInRange() {
        ImageShape image = new ImageShape(1, 28, 28);
        RandomErasing erasing = new RandomErasing(0.5, 0.02, 1 / 3.0, 0.3, 0);
        SplittableRandom random = new SplittableRandom(11);
        int draws = 4000;
        int erased = 0;
        double areaSum = 0;
        double[] ones = new double[image.size()];
        java.util.Arrays.fill(ones, 1);
        double[] out = new double[image.size()];
        for (int i = 0; i < draws; i++) {
            erasing.transform(ones, out, 0, image, random);
            int zeros = ImageStepsTest.count(out, 0);
            if (zeros == 0) {
                continue;
            }
            erased++;
            int[] box = ImageStepsTest.zeroBox(out, image);
            int height = box[2] - box[0] + 1;
            int width = box[3] - box[1] + 1;
            assertEquals(height * width, zeros, "a rectangle");
            double area = zeros / 784.0;
            // Each side is rounded to whole pixels: the drawn sides lie within half a pixel of the ones seen, so the
            // drawn area and aspect lie within these bounds, which must meet the declared ranges.
            assertTrue((height + 0.5) * (width + 0.5) >= 0.02 * 784 && (height - 0.5) * (width - 0.5) <= 784 / 3.0,
                    "area " + height + "x" + width);
            assertTrue((height + 0.5) / (width - 0.5) >= 0.3 && (height - 0.5) / (width + 0.5) <= 1 / 0.3,
                    "aspect " + height + "x" + width);
            areaSum += area;
        }
        assertEquals(draws / 2.0, erased, 5 * Math.sqrt(draws / 4.0), "erased images");
        // Areas uniform on [0.02, 1/3] among the draws that fit (on a square image nearly all do): mean 0.177.
        double mean = (0.02 + 1 / 3.0) / 2;
        assertEquals(mean, areaSum / erased, 5 * (1 / 3.0 - 0.02) / Math.sqrt(12 * erased) + 0.01, "mean area");
    }

    @Test
    void betaDrawsHaveTheBetaDistributionsMoments() {
        // (a, b): a shape below 1 (the boost) and shapes above 1, symmetric and not.
        double[][] cases = {{0.4, 0.4}, {2, 5}, {1, 1}};
        for (double[] c : cases) {
            double a = c[0];
            double b = c[1];
            SplittableRandom random = new SplittableRandom(13);
            double sum = 0;
            double sumSquares = 0;
            double sumFourth = 0;
            for (int i = 0; i < DRAWS; i++) {
                double x = BetaDistribution.draw(a, b, random);
                assertTrue(x >= 0 && x <= 1, "a draw in [0, 1]: " + x);
                sum += x;
                sumSquares += x * x;
                sumFourth += x * x * x * x;
            }
            double mean = a / (a + b);
            double variance = a * b / ((a + b) * (a + b) * (a + b + 1));
            double sampleMean = sum / DRAWS;
            double secondMoment = sumSquares / DRAWS;
            assertEquals(mean, sampleMean, 5 * Math.sqrt(variance / DRAWS), "mean of Beta(" + a + ", " + b + ")");
            // The second moment's standard error from the sample's own spread of x².
            double squareSpread = Math.sqrt(sumFourth / DRAWS - secondMoment * secondMoment);
            assertEquals(variance + mean * mean, secondMoment, 5 * squareSpread / Math.sqrt(DRAWS),
                    "second moment of Beta(" + a + ", " + b + ")");
        }
    }

    private static int indexOf(double[] values, double value) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == value) {
                return i;
            }
        }
        throw new AssertionError("no " + value + " in the image");
    }

    /** {row, column} of the image's centre of mass. */
    private static double[] centroid(double[] values, ImageShape image) {
        double mass = 0;
        double y = 0;
        double x = 0;
        for (int i = 0; i < values.length; i++) {
            mass += values[i];
            y += values[i] * (i / image.width());
            x += values[i] * (i % image.width());
        }
        return new double[] {y / mass, x / mass};
    }
}
