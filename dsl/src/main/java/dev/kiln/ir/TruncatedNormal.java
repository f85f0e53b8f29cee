package dev.kiln.ir;

/**
 * N(mean, std^2) restricted to [low, high] (reference section 5): the moments the draws actually
 * have, and the probability that one draw is kept. The runtime redraws outside the window, so the
 * acceptance bounds the work per value; the init lints and the tests read the realised moments.
 */
public record TruncatedNormal(double mean, double std, double low, double high) {
    /** Below this acceptance a window is refused: redrawing would take over 100 draws per value. */
    public static final double MIN_ACCEPTANCE = 0.01;

    private static final double SQRT2 = Math.sqrt(2.0);
    private static final double SQRT_2PI = Math.sqrt(2.0 * Math.PI);

    /** Realised std / std for the symmetric window mean -+ 2 std: 0.87962566... */
    public static final double TWO_SIGMA_STD_FACTOR = new TruncatedNormal(0.0, 1.0, -2.0, 2.0).realisedStd();

    public TruncatedNormal {
        if (!Double.isFinite(mean) || !(std > 0) || Double.isInfinite(std)) {
            throw new IllegalArgumentException("truncated normal needs a finite mean and a positive, finite std, got mean="
                    + mean + ", std=" + std);
        }
        if (!(low < high) || Double.isInfinite(low) || Double.isInfinite(high)) {
            throw new IllegalArgumentException("truncated normal needs finite bounds with low < high, got low=" + low + ", high=" + high);
        }
    }

    /** The default window mean -+ 2 std. */
    public static TruncatedNormal twoSigma(double mean, double std) {
        return new TruncatedNormal(mean, std, mean - 2 * std, mean + 2 * std);
    }

    private double alpha() {
        return (low - mean) / std;
    }

    private double beta() {
        return (high - mean) / std;
    }

    /** P(low <= X <= high) for X ~ N(mean, std^2): the fraction of draws that are kept. */
    public double acceptance() {
        return cdf(beta()) - cdf(alpha());
    }

    /** E[X | low <= X <= high] = mean + std (phi(a) - phi(b)) / Z. */
    public double realisedMean() {
        return mean + std * (pdf(alpha()) - pdf(beta())) / acceptance();
    }

    /** Var[X | window] = std^2 [1 + (a phi(a) - b phi(b))/Z - ((phi(a) - phi(b))/Z)^2]. */
    public double realisedVariance() {
        double a = alpha();
        double b = beta();
        double z = acceptance();
        double shift = (pdf(a) - pdf(b)) / z;
        return std * std * (1 + (a * pdf(a) - b * pdf(b)) / z - shift * shift);
    }

    public double realisedStd() {
        return Math.sqrt(realisedVariance());
    }

    /** Standard normal density. */
    static double pdf(double z) {
        return Math.exp(-0.5 * z * z) / SQRT_2PI;
    }

    /** Standard normal CDF, Phi(z) = (1 + erf(z / sqrt 2)) / 2, absolute error below 1e-15. */
    static double cdf(double z) {
        double x = z / SQRT2;
        return x >= 0 ? 0.5 + 0.5 * erf(x) : 0.5 - 0.5 * erf(-x);
    }

    /**
     * erf(x) for x >= 0 by the series erf(x) = 2x/sqrt(pi) e^{-x^2} sum_n (2x^2)^n / (1*3*...*(2n+1)),
     * whose terms are all positive, so nothing cancels; beyond x = 6, 1 - erf(x) < 3e-17.
     */
    private static double erf(double x) {
        if (x >= 6) {
            return 1.0;
        }
        double twoXSquared = 2 * x * x;
        double term = 1.0;
        double sum = 1.0;
        for (int n = 1; term > 1e-17 * sum; n++) {
            term *= twoXSquared / (2 * n + 1);
            sum += term;
        }
        return 2 * x / Math.sqrt(Math.PI) * Math.exp(-x * x) * sum;
    }
}
