package dev.kiln.samples.signal;

import java.nio.file.Path;
import java.util.List;

/**
 * The signal-propagation report: {@code mvn -q -pl samples exec:java@signal-propagation} (after an
 * install), or {@code bash scripts/signal-propagation.sh [DIR]}. Prints the tables and writes the
 * PNG plots into DIR (first argument, else the system property {@value #OUTPUT_PROPERTY}, else
 * {@code target/signal-propagation}).
 */
public final class SignalPropagationMain {
    public static final String OUTPUT_PROPERTY = "kiln.signal.out";
    static final long SEED = 2015;

    private SignalPropagationMain() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        Path out = Path.of(args.length > 0 ? args[0] : System.getProperty(OUTPUT_PROPERTY, "target/signal-propagation"));
        List<SignalProfile> sweeps = SignalPropagation.sweeps().stream().map(s -> SignalPropagation.run(s, SEED)).toList();
        List<SignalProfile> schemes = SignalPropagation.namedSchemes().stream().map(s -> SignalPropagation.run(s, SEED)).toList();
        List<MatrixProducts.Spread> gaussian = MatrixProducts.gaussian(SEED);
        List<MatrixProducts.Spread> orthogonal = MatrixProducts.orthogonal(SEED);
        String header = "Width " + SignalPropagation.WIDTH + ", " + SignalPropagation.DEPTH + " layers, no bias, batch "
                + SignalPropagation.BATCH + " of N(0, 1), float64, seed " + SEED;
        System.out.println(header + "\n");
        System.out.println(SignalTables.layers("Activations: variance per layer (E[x^2] for ReLU)", sweeps, true));
        System.out.println(SignalTables.layers("Gradients: variance at each layer's input, N(0, 1) from the top", sweeps, false));
        System.out.println(SignalTables.layers("Named schemes: activations", schemes, true));
        System.out.println(SignalTables.layers("Named schemes: gradients", schemes, false));
        System.out.println(SignalTables.products(gaussian, orthogonal));
        for (Path file : SignalCharts.write(out, sweeps, schemes, gaussian, orthogonal)) {
            System.out.println("wrote " + file.toAbsolutePath());
        }
    }
}
