package dev.kiln.ir;

import dev.kiln.dsl.Numbers;

/**
 * A normalization layer (reference section 7). One record for the family: they share the
 * normalize-then-scale form and differ in the set they reduce over, which {@link Kind} says.
 *
 * @param decay  running-statistics decay (batch norm only; NaN otherwise)
 * @param groups group count (group norm only; 0 means min(32, C); 0 otherwise)
 */
public record NormSpec(String name, Kind norm, double eps, boolean affine, double decay, int groups) implements LayerSpec {

    public enum Kind {
        /** Per channel over the batch (and H, W); running statistics for inference. */
        BATCH("BatchNorm"),
        /** Per example over all its features; element-wise gamma and beta. */
        LAYER("LayerNorm"),
        /** Per example over groups of channels (and H, W); gamma and beta per channel. */
        GROUP("GroupNorm"),
        /** Per example and channel over H, W. */
        INSTANCE("InstanceNorm"),
        /** Per example over its features, by the root mean square, no centring; gamma only. */
        RMS("RmsNorm");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public static NormSpec batch(String name, double eps, double decay, boolean affine) {
        return new NormSpec(name, Kind.BATCH, eps, affine, decay, 0);
    }

    public static NormSpec group(String name, int groups, double eps, boolean affine) {
        return new NormSpec(name, Kind.GROUP, eps, affine, Double.NaN, groups);
    }

    public static NormSpec of(String name, Kind kind, double eps, boolean affine) {
        return new NormSpec(name, kind, eps, affine, Double.NaN, 0);
    }

    @Override
    public String kind() {
        return norm.label();
    }

    /** The group count for {@code channels} channels: as given, or min(32, C) when unset. */
    public int groupsFor(int channels) {
        return groups > 0 ? groups : Math.min(32, channels);
    }

    @Override
    public Shape outputShape(Shape in) throws ShapeException {
        switch (norm) {
            case BATCH -> {
                if (in.rank() != 1 && in.rank() != 3) {
                    throw new ShapeException(norm.label() + " layer '" + name + "' normalizes [n,C] or [n,C,H,W] but gets " + in,
                            "use LayerNorm for other shapes");
                }
            }
            case INSTANCE -> {
                if (in.rank() != 3) {
                    throw new ShapeException(norm.label() + " layer '" + name + "' normalizes [n,C,H,W] but gets " + in,
                            "use LayerNorm for flat features");
                }
            }
            case GROUP -> {
                if (in.rank() != 1 && in.rank() != 3) {
                    throw new ShapeException(norm.label() + " layer '" + name + "' normalizes [n,C] or [n,C,H,W] but gets " + in,
                            "use LayerNorm for other shapes");
                }
                int channels = in.dim(0);
                int g = groupsFor(channels);
                if (channels % g != 0) {
                    throw new ShapeException(norm.label() + " layer '" + name + "' splits " + channels + " channels of " + in
                            + " into " + g + " groups, which do not divide them", "choose groups among the divisors of "
                            + channels + ", e.g. " + largestDivisorUpTo(channels, g), "groups");
                }
            }
            default -> {
            }
        }
        return in;
    }

    private static int largestDivisorUpTo(int n, int limit) {
        for (int d = Math.min(n, limit); d > 1; d--) {
            if (n % d == 0) {
                return d;
            }
        }
        return 1;
    }

    /** Shape of gamma and beta: the whole example for layer and RMS norm, one per channel otherwise. */
    public long[] affineShape(Shape in) {
        if (norm == Kind.LAYER || norm == Kind.RMS) {
            long[] shape = new long[in.rank()];
            for (int i = 0; i < in.rank(); i++) {
                shape[i] = in.dim(i);
            }
            return shape;
        }
        return new long[] {in.dim(0)};
    }

    /** Whether the layer has a beta (RMS norm has only gamma). */
    public boolean hasBeta() {
        return affine && norm != Kind.RMS;
    }

    /** Batch norm's gamma and beta count 2C, as in the published ResNet parameter counts. */
    @Override
    public long parameterCount(Shape in) {
        if (!affine) {
            return 0;
        }
        long size = 1;
        for (long d : affineShape(in)) {
            size *= d;
        }
        return hasBeta() ? 2 * size : size;
    }

    /** Not counted, following the convention of the ResNet tables. */
    @Override
    public long multiplyAdds(Shape in) {
        return 0;
    }

    @Override
    public String describe(Shape in) {
        String text = norm.label();
        if (norm == Kind.GROUP && in.rank() >= 1) {
            text += " G=" + groupsFor(in.dim(0));
        }
        text += " eps=" + Numbers.compact(eps);
        return affine ? text : text + ", no affine";
    }

    @Override
    public NormSpec renamed(String newName) {
        return new NormSpec(newName, norm, eps, affine, decay, groups);
    }

    @Override
    public boolean keepsLinearity() {
        return true;
    }

    @Override
    public boolean defersActivation() {
        return true;
    }
}
