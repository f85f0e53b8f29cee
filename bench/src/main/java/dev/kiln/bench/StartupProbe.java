package dev.kiln.bench;

import dev.kiln.runtime.optim.Sgd;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Run in a fresh JVM by {@link Startup}: builds one system's network, runs a single training step
 * on a batch of 256 and prints {@link #DONE}. Everything a user's first step pays is inside: class
 * loading, native library loading, network construction and weight init, the step itself.
 */
public final class StartupProbe {
    static final String DONE = "FIRST_STEP_DONE";

    private StartupProbe() {
    }

    public static void main(String[] args) {
        BenchData batch = BenchData.of(256, 1);
        double loss;
        if (args.length == 1 && args[0].equals("kiln")) {
            BenchMlpNet net = new BenchMlpNet(42);
            loss = net.trainStep(batch.features(), batch.labels(), new Sgd(0.01));
        } else if (args.length == 1 && args[0].equals("dl4j")) {
            MultiLayerNetwork net = Dl4jMlp.create(0.01, 42);
            net.fit(batch.features(), batch.labels());
            loss = net.score();
        } else {
            throw new IllegalArgumentException("usage: StartupProbe kiln|dl4j");
        }
        System.out.println(DONE + " loss=" + loss);
        System.out.flush();
        System.exit(0);
    }
}
