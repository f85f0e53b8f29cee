package dev.kiln.samples.images;

import dev.kiln.runtime.data.FashionMnist;
import dev.kiln.runtime.data.image.ImageData;
import dev.kiln.runtime.data.image.ImageFolder;
import dev.kiln.runtime.train.Evaluation;
import dev.kiln.runtime.train.Trainer;
import dev.kiln.runtime.train.TrainingHistory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Trains {@link FolderCnn} on an image folder that it first makes itself: Fashion-MNIST images
 * written as PNG files, one subfolder per class ({@code root/train/3_dress/00017.png}), then loaded
 * back with {@link ImageFolder} as grey [n, 1, 28, 28] images in [0, 1], the test folder with the
 * training folder's class order. Arguments (optional): {@code root trainPerClass testPerClass epochs seed}.
 */
public final class FashionFolderMain {
    static final int TRAIN_PER_CLASS = 1000;
    static final int TEST_PER_CLASS = 200;
    static final int EPOCHS = 6;
    static final long SEED = 3;

    private FashionFolderMain() {
    }

    /** A run's folders, the training history and the test evaluation. */
    public record Result(ImageData train, ImageData test, TrainingHistory history, Evaluation evaluation) {
    }

    public static void main(String[] args) throws IOException {
        Path root = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("fashion-folder");
        int trainPerClass = args.length > 1 ? Integer.parseInt(args[1]) : TRAIN_PER_CLASS;
        int testPerClass = args.length > 2 ? Integer.parseInt(args[2]) : TEST_PER_CLASS;
        int epochs = args.length > 3 ? Integer.parseInt(args[3]) : EPOCHS;
        long seed = args.length > 4 ? Long.parseLong(args[4]) : SEED;
        Result result = run(root, trainPerClass, testPerClass, epochs, seed, true);
        System.out.println(result.evaluation().report().table());
        System.out.printf(Locale.ROOT, "Test accuracy %.4f on %d images of %s%n", result.evaluation().accuracy(),
                result.test().files().size(), root.resolve("test"));
    }

    public static Result run(Path root, int trainPerClass, int testPerClass, int epochs, long seed, boolean progress)
            throws IOException {
        FashionMnist.Splits data = FashionMnist.load();
        List<String> folders = PngFolders.folderNames(FashionMnist.CLASS_NAMES);
        long start = System.nanoTime();
        int written = PngFolders.write(data.train(), root.resolve("train"), folders, trainPerClass)
                + PngFolders.write(data.test(), root.resolve("test"), folders, testPerClass);
        if (progress) {
            System.out.printf(Locale.ROOT, "Wrote %d PNG files under %s in %.1f s%n", written, root,
                    (System.nanoTime() - start) / 1e9);
        }

        start = System.nanoTime();
        ImageData train = ImageFolder.of(root.resolve("train")).grayscale().size(28, 28).load();
        ImageData test = ImageFolder.of(root.resolve("test")).grayscale().size(28, 28).classes(train.classNames()).load();
        FolderCnnNet net = new FolderCnnNet(seed);
        if (progress) {
            System.out.printf(Locale.ROOT, "Loaded %d training and %d test images %s in %.1f s; classes %s%n",
                    train.files().size(), test.files().size(), java.util.Arrays.toString(train.dataset().exampleShape()),
                    (System.nanoTime() - start) / 1e9, train.classNames());
            System.out.println(net.summary());
        }
        TrainingHistory history = Trainer.of(net).epochs(epochs).batchSize(64).seed(seed).progress(progress)
                .fit(train.dataset(), test.dataset());
        Evaluation evaluation = Evaluation.evaluate(net, test.dataset(), Evaluation.DEFAULT_BATCH_SIZE, train.classNames());
        return new Result(train, test, history, evaluation);
    }
}
