package dev.kiln.runtime.data.augment;

import java.util.SplittableRandom;

/**
 * Small rotations and translations: each image rotated by an angle uniform in ±{@code maxDegrees}
 * about its centre (positive is clockwise on screen, where y points down) and shifted by amounts
 * uniform in ±{@code maxShift}·W and ±{@code maxShift}·H pixels, sampled bilinearly with zeros
 * outside the image. Output pixel (x, y) reads the input at
 * {@code (cos θ·u + sin θ·v + cx, −sin θ·u + cos θ·v + cy)} with {@code u = x − cx − tx},
 * {@code v = y − cy − ty} and the centre {@code (cx, cy) = ((W − 1)/2, (H − 1)/2)}.
 */
final class RandomAffine extends ImageStep {
    /** Source coordinates this close to an integer are that integer: exact quarter turns and whole-pixel shifts copy pixels exactly. */
    private static final double SNAP = 1e-9;

    private final double maxDegrees;
    private final double maxShift;

    private RandomAffine(double maxDegrees, double maxShift) {
        this.maxDegrees = maxDegrees;
        this.maxShift = maxShift;
    }

    static RandomAffine rotation(double maxDegrees) {
        if (!(maxDegrees > 0 && maxDegrees <= 180)) {
            throw new IllegalArgumentException("rotate's largest angle must be in (0, 180] degrees, got " + maxDegrees);
        }
        return new RandomAffine(maxDegrees, 0);
    }

    static RandomAffine translation(double maxShift) {
        if (!(maxShift > 0 && maxShift < 1)) {
            throw new IllegalArgumentException("translate's largest shift must be a fraction of the image size in"
                    + " (0, 1), got " + maxShift);
        }
        return new RandomAffine(0, maxShift);
    }

    @Override
    void transform(double[] in, double[] out, int offset, ImageShape image, SplittableRandom random) {
        double degrees = maxDegrees * (2 * random.nextDouble() - 1);
        double tx = maxShift * image.width() * (2 * random.nextDouble() - 1);
        double ty = maxShift * image.height() * (2 * random.nextDouble() - 1);
        warp(in, out, offset, image, Math.toRadians(degrees), tx, ty);
    }

    static void warp(double[] in, double[] out, int offset, ImageShape image, double radians, double tx, double ty) {
        int h = image.height();
        int w = image.width();
        double cos = Math.cos(radians);
        double sin = Math.sin(radians);
        double cx = (w - 1) / 2.0;
        double cy = (h - 1) / 2.0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double u = x - cx - tx;
                double v = y - cy - ty;
                double xs = snap(cos * u + sin * v + cx);
                double ys = snap(-sin * u + cos * v + cy);
                int x0 = (int) Math.floor(xs);
                int y0 = (int) Math.floor(ys);
                double fx = xs - x0;
                double fy = ys - y0;
                for (int c = 0; c < image.channels(); c++) {
                    int plane = offset + c * image.pixels();
                    double top = (1 - fx) * pixel(in, plane, image, y0, x0) + fx * pixel(in, plane, image, y0, x0 + 1);
                    double bottom = (1 - fx) * pixel(in, plane, image, y0 + 1, x0)
                            + fx * pixel(in, plane, image, y0 + 1, x0 + 1);
                    out[plane + y * w + x] = (1 - fy) * top + fy * bottom;
                }
            }
        }
    }

    private static double snap(double coordinate) {
        double nearest = Math.rint(coordinate);
        return Math.abs(coordinate - nearest) < SNAP ? nearest : coordinate;
    }

    private static double pixel(double[] in, int plane, ImageShape image, int y, int x) {
        return y >= 0 && y < image.height() && x >= 0 && x < image.width() ? in[plane + y * image.width() + x] : 0;
    }

    @Override
    public String toString() {
        return maxDegrees > 0 ? "rotate(" + maxDegrees + ")" : "translate(" + maxShift + ")";
    }
}
