package dev.kiln.samples.signal;

import java.util.List;
import java.util.Locale;

/** The report's text tables. */
public final class SignalTables {
    private SignalTables() {
    }

    /** One row per setting, one column per layer: the forward statistic or the gradient variance. */
    public static String layers(String title, List<SignalProfile> profiles, boolean forward) {
        int width = Math.max(8, profiles.stream().mapToInt(p -> p.setting().label().length()).max().orElse(0));
        StringBuilder out = new StringBuilder(title).append('\n');
        out.append(String.format(Locale.ROOT, "%-" + width + "s", "setting"));
        for (int l = 1; l <= SignalPropagation.DEPTH; l++) {
            out.append(String.format(Locale.ROOT, "  %9s", "layer " + l));
        }
        out.append('\n');
        for (SignalProfile profile : profiles) {
            out.append(String.format(Locale.ROOT, "%-" + width + "s", profile.setting().label()));
            for (double value : forward ? profile.forward() : profile.backward()) {
                out.append(String.format(Locale.ROOT, "  %9.3g", value));
            }
            out.append('\n');
        }
        return out.toString();
    }

    public static String products(List<MatrixProducts.Spread> gaussian, List<MatrixProducts.Spread> orthogonal) {
        StringBuilder out = new StringBuilder("Singular values of products of 100x100 matrices, k*sigma^2 = 1\n");
        out.append(String.format(Locale.ROOT, "%5s  %12s  %12s  %12s  %14s  %14s%n", "depth", "Gauss max", "Gauss min", "max/min",
                "orth max - 1", "orth min - 1"));
        for (int i = 0; i < gaussian.size(); i++) {
            MatrixProducts.Spread g = gaussian.get(i);
            MatrixProducts.Spread o = orthogonal.get(i);
            out.append(String.format(Locale.ROOT, "%5d  %12.4g  %12.4g  %12.4g  %14.3e  %14.3e%n", g.depth(), g.largest(), g.smallest(),
                    g.ratio(), o.largest() - 1, o.smallest() - 1));
        }
        return out.toString();
    }
}
