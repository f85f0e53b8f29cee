package dev.kiln.samples.transfer;

import dev.kiln.runtime.checkpoint.Checkpoint;
import dev.kiln.runtime.checkpoint.LoadReport;
import dev.kiln.runtime.checkpoint.MatchOptions;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.FashionMnist;
import dev.kiln.runtime.optim.Optimizers;
import dev.kiln.runtime.optim.ParameterGroup;
import dev.kiln.runtime.train.Trainer;
import dev.kiln.runtime.train.TrainingHistory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Transfer learning on Fashion-MNIST: {@link FashionHalfMlp} learns classes 0-4 (T-shirt, trouser,
 * pullover, dress, coat) from all their training images and is saved; {@link FashionTransferMlp}
 * loads its backbone by name (fc1, fc2; the head is new), trains only the head with the backbone
 * frozen on a few labelled images of classes 5-9 (sandal, shirt, sneaker, bag, ankle boot), then
 * fine-tunes everything at a lower rate. The same model trained from scratch on the same images,
 * for as many epochs in all, is the comparison. Arguments (optional): {@code targetExamples seed}.
 */
public final class TransferMain {
    static final int SOURCE_EPOCHS = 5;
    static final int HEAD_EPOCHS = 3;
    static final int FINE_TUNE_EPOCHS = 12;
    static final int TARGET_EXAMPLES = 500;
    static final int BATCH = 32;

    private TransferMain() {
    }

    /** Test accuracies of the run. */
    record Result(double source, double headOnly, double fineTuned, double scratch, LoadReport report) {
    }

    public static void main(String[] args) throws IOException {
        int examples = args.length > 0 ? Integer.parseInt(args[0]) : TARGET_EXAMPLES;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 7;
        Result r = run(FashionMnist.load(), examples, seed, Files.createTempDirectory("kiln-transfer"));
        System.out.println("loaded by name: " + r.report());
        System.out.printf(Locale.ROOT, "source, classes 0-4 (all 30000 images, %d epochs): test accuracy %.4f%n",
                SOURCE_EPOCHS, r.source());
        System.out.printf(Locale.ROOT, "target, classes 5-9 (%d images): head only %.4f, then fine-tuned %.4f;"
                + " from scratch %.4f (%d epochs)%n", examples, r.headOnly(), r.fineTuned(), r.scratch(),
                HEAD_EPOCHS + FINE_TUNE_EPOCHS);
    }

    static Result run(FashionMnist.Splits data, int targetExamples, long seed, Path directory) throws IOException {
        Dataset sourceTrain = ClassHalves.of(data.train(), 0, Integer.MAX_VALUE);
        Dataset sourceTest = ClassHalves.of(data.test(), 0, Integer.MAX_VALUE);
        Dataset targetTrain = ClassHalves.of(data.train(), 5, targetExamples);
        Dataset targetTest = ClassHalves.of(data.test(), 5, Integer.MAX_VALUE);

        FashionHalfMlpNet source = new FashionHalfMlpNet(seed);
        TrainingHistory sourceRun = trainer(source, SOURCE_EPOCHS, seed).optimizer(Optimizers.sgd(0.05))
                .fit(sourceTrain, sourceTest);
        Path checkpoint = directory.resolve("fashion-half.safetensors");
        source.save(checkpoint);

        FashionTransferMlpNet transfer = new FashionTransferMlpNet(seed);
        LoadReport report = Checkpoint.read(checkpoint).loadMatching(transfer, MatchOptions.nonStrict());
        TrainingHistory head = trainer(transfer, HEAD_EPOCHS, seed)
                .optimizer(Optimizers.sgd(0.05).group(ParameterGroup.layers("fc1", "fc2").frozen()))
                .fit(targetTrain, targetTest);
        TrainingHistory tuned = trainer(transfer, FINE_TUNE_EPOCHS, seed).optimizer(Optimizers.sgd(0.05))
                .fit(targetTrain, targetTest);

        FashionTransferMlpNet scratch = new FashionTransferMlpNet(seed);
        TrainingHistory fromScratch = trainer(scratch, HEAD_EPOCHS + FINE_TUNE_EPOCHS, seed)
                .optimizer(Optimizers.sgd(0.05)).fit(targetTrain, targetTest);
        return new Result(sourceRun.last().testAccuracy(), head.last().testAccuracy(), tuned.last().testAccuracy(),
                fromScratch.last().testAccuracy(), report);
    }

    private static Trainer trainer(dev.kiln.runtime.KilnNet net, int epochs, long seed) {
        return Trainer.of(net).epochs(epochs).batchSize(BATCH).seed(seed).progress(false);
    }
}
