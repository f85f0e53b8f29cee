package dev.kiln.bench;

import dev.kiln.runtime.data.BatchSource;
import dev.kiln.runtime.data.BatchStream;
import dev.kiln.runtime.data.Batches;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.FashionMnist;
import dev.kiln.runtime.data.NpyBatches;
import dev.kiln.runtime.data.numpy.Npy;
import dev.kiln.runtime.optim.Sgd;
import dev.kiln.runtime.train.Trainer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Streaming from disk against batches in memory (docs/data.md), on Fashion-MNIST's 60,000 training
 * images: the rate at which each source delivers batches with nothing else running, and the rate of
 * a training epoch of the benchmark MLP fed by each. The .npy files are written first (float32
 * features, and the raw pixels as uint8 scaled by 1/255 while streaming) and read back through the
 * page cache, so the stream's cost is its copying, conversion and hand-over, not the disk.
 * Arguments: {@code [rounds (default 7)] [directory for the files (default a temporary one)]}.
 */
public final class StreamingBench {
    private static final int BATCH = 256;

    private StreamingBench() {
    }

    public static void main(String[] args) throws IOException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        Path dir = args.length > 1 ? Files.createDirectories(Path.of(args[1])) : Files.createTempDirectory("kiln-stream");
        Dataset train = FashionMnist.load().train();
        Path features = dir.resolve("train-x.npy");
        Path pixels = dir.resolve("train-pixels.npy");
        Path labels = dir.resolve("train-y.npy");
        Npy.write(features, train.features());
        Npy.write(pixels, train.features().mul(255).addi(0.5).castTo(DataType.UBYTE));
        Npy.write(labels, Nd4j.argMax(train.targets(), 1).castTo(DataType.LONG));
        System.out.printf(Locale.ROOT, "Fashion-MNIST train: %d examples; files in %s (%.0f MB float32, %.0f MB uint8)%n",
                train.size(), dir, Files.size(features) / 1e6, Files.size(pixels) / 1e6);

        List<Case> cases = List.of(
                new Case("in memory (Batches)", () -> Batches.over(train).batchSize(BATCH).seed(1)),
                new Case("NpyBatches float32", () -> NpyBatches.of(features, labels).classes(10).batchSize(BATCH).seed(1)),
                new Case("NpyBatches uint8 /255", () -> NpyBatches.of(pixels, labels).classes(10).scale(1 / 255.0)
                        .batchSize(BATCH).seed(1)));
        System.out.printf(Locale.ROOT, "%nBatch delivery, nothing else running (batch %d; median of %d epochs after one"
                + " warm-up):%n", BATCH, rounds);
        System.out.printf(Locale.ROOT, "%-24s | %-22s | %-12s | %s%n", "source", "examples/s [p25-p75]", "ms/epoch",
                "heap bytes/batch (consumer)");
        for (Case c : cases) {
            BatchSource source = c.source().get();
            deliver(source, 0);
            double[] rates = new double[rounds];
            double[] heap = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                long bytes = allocatedBytes();
                long start = System.nanoTime();
                deliver(source, r + 1);
                double seconds = (System.nanoTime() - start) / 1e9;
                heap[r] = (allocatedBytes() - bytes) / (double) source.batchesPerEpoch();
                rates[r] = source.examplesPerEpoch() / seconds;
            }
            Stats s = Stats.of(rates);
            System.out.printf(Locale.ROOT, "%-24s | %-22s | %-12.1f | %.0f%n", c.name(),
                    String.format(Locale.ROOT, "%.0f [%.0f-%.0f]", s.median(), s.p25(), s.p75()),
                    1000 * source.examplesPerEpoch() / s.median(), Stats.of(heap).median());
        }

        System.out.printf(Locale.ROOT, "%nTraining BenchMlp (784-1024-1024-10, SGD, batch %d), one epoch per round,"
                + " interleaved, %d rounds after one warm-up epoch each:%n", BATCH, Math.max(3, rounds / 2));
        System.out.printf(Locale.ROOT, "%-24s | %-22s | %s%n", "source", "examples/s [p25-p75]", "s/epoch");
        int trainingRounds = Math.max(3, rounds / 2);
        List<BatchSource> sources = new ArrayList<>();
        List<BenchMlpNet> nets = new ArrayList<>();
        List<double[]> rates = new ArrayList<>();
        for (Case c : cases) {
            sources.add(c.source().get());
            nets.add(new BenchMlpNet(7));
            rates.add(new double[trainingRounds]);
            epoch(nets.get(nets.size() - 1), sources.get(sources.size() - 1));
        }
        for (int r = 0; r < trainingRounds; r++) {
            for (int i = 0; i < cases.size(); i++) {
                long start = System.nanoTime();
                epoch(nets.get(i), sources.get(i));
                rates.get(i)[r] = sources.get(i).examplesPerEpoch() / ((System.nanoTime() - start) / 1e9);
            }
        }
        for (int i = 0; i < cases.size(); i++) {
            Stats s = Stats.of(rates.get(i));
            System.out.printf(Locale.ROOT, "%-24s | %-22s | %.2f%n", cases.get(i).name(),
                    String.format(Locale.ROOT, "%.0f [%.0f-%.0f]", s.median(), s.p25(), s.p75()),
                    sources.get(i).examplesPerEpoch() / s.median());
        }
    }

    /** Every batch of one epoch, each read once (one value) so the delivery cannot be skipped. */
    private static double deliver(BatchSource source, int epoch) {
        double sink = 0;
        try (BatchStream stream = source.epoch(epoch)) {
            while (stream.hasNext()) {
                INDArray x = stream.next().features();
                sink += x.getDouble(0, 0);
            }
        }
        return sink;
    }

    private static void epoch(BenchMlpNet net, BatchSource source) {
        Trainer.of(net).optimizer(new Sgd(0.01)).progress(false).fit(source);
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private record Case(String name, Supplier<BatchSource> source) {
    }
}
