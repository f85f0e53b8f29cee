package dev.kiln.samples.tables;

import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.Splits;
import dev.kiln.runtime.data.csv.CsvLoader;
import dev.kiln.runtime.data.csv.TableData;
import dev.kiln.runtime.optim.Optimizers;
import dev.kiln.runtime.preprocess.InputPipeline;
import dev.kiln.runtime.preprocess.Standardize;
import dev.kiln.runtime.train.Evaluation;
import dev.kiln.runtime.train.Trainer;
import dev.kiln.runtime.train.TrainingHistory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Trains {@link WineMlp} on a CSV table: the UCI wine data as scikit-learn ships it (Debian's
 * python3-sklearn), whose first line holds the row count and class names, then 13 measurements and
 * the class index per row. A seeded stratified split keeps a quarter for testing, the features are
 * standardized with statistics of the training part only, and the table encoding and the fitted
 * standardization are saved together as the model's input pipeline. Arguments (optional):
 * {@code csvFile epochs seed pipelineFile}.
 */
public final class WineMain {
    public static final Path DEFAULT_FILE = Path.of("/usr/lib/python3/dist-packages/sklearn/datasets/data/wine_data.csv");
    static final List<String> CULTIVARS = List.of("class_0", "class_1", "class_2");
    static final int EPOCHS = 40;
    static final long SEED = 5;

    private WineMain() {
    }

    /** What a run gives: the training history, the test evaluation and where the pipeline was saved. */
    public record Result(TrainingHistory history, Evaluation test, Path pipeline) {
    }

    public static void main(String[] args) throws IOException {
        Path file = args.length > 0 ? Path.of(args[0]) : DEFAULT_FILE;
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : EPOCHS;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : SEED;
        Path pipeline = args.length > 3 ? Path.of(args[3]) : Path.of("wine-input-pipeline.bin");
        Result result = run(file, epochs, seed, pipeline, true);
        System.out.println(result.history().table());
        System.out.println(result.test().report().table());
        System.out.printf(Locale.ROOT, "Test accuracy %.4f, macro F1 %.4f; input pipeline saved to %s%n",
                result.test().accuracy(), result.test().report().macroF1(), result.pipeline());
    }

    public static Result run(Path file, int epochs, long seed, Path pipelineFile, boolean progress) throws IOException {
        if (!Files.exists(file)) {
            throw new IOException(file + " does not exist: install Debian's python3-sklearn (apt-get install"
                    + " python3-sklearn) or pass the path of wine_data.csv");
        }
        TableData table = CsvLoader.of(file).skipLines(1).noHeader().classTarget(13).load();
        Splits.Split split = Splits.stratified(table.dataset(), 0.25, seed);

        Standardize standardize = new Standardize();
        standardize.fit(split.train().features());
        Dataset train = new Dataset(standardize.transform(split.train().features()), split.train().targets());
        Dataset test = new Dataset(standardize.transform(split.validation().features()), split.validation().targets());

        WineMlpNet net = new WineMlpNet(seed);
        if (progress) {
            System.out.println(net.summary());
            System.out.printf(Locale.ROOT, "%s: %d rows, %d inputs, classes %s; %d for training, %d for testing%n",
                    file, table.rows(), table.inputNames().size(), table.classNames(), train.size(), test.size());
        }
        TrainingHistory history = Trainer.of(net).optimizer(Optimizers.adam(0.01)).epochs(epochs).batchSize(16)
                .seed(seed).progress(progress).fit(train, test);
        Evaluation evaluation = Evaluation.evaluate(net, test, Evaluation.DEFAULT_BATCH_SIZE, CULTIVARS);
        try (OutputStream out = Files.newOutputStream(pipelineFile)) {
            InputPipeline.of(table.encoding(), standardize).write(out);
        }
        return new Result(history, evaluation, pipelineFile);
    }
}
