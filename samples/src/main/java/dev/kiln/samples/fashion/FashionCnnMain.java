package dev.kiln.samples.fashion;

import dev.kiln.runtime.data.FashionMnist;
import dev.kiln.runtime.train.Trainer;
import dev.kiln.runtime.train.TrainingHistory;

import java.util.Locale;

/**
 * Trains {@link FashionCnn} on Fashion-MNIST with its declared optimizer (AdamW, lr 1e-3, weight
 * decay 0.05, cosine decay over 12 epochs) and reports the test accuracy. Arguments (optional): {@code epochs batchSize seed};
 * the cosine horizon stays 12 epochs.
 */
public final class FashionCnnMain {
    static final int EPOCHS = 12;
    static final int BATCH_SIZE = 128;
    static final long SEED = 7;

    private FashionCnnMain() {
    }

    public static void main(String[] args) {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : EPOCHS;
        int batchSize = args.length > 1 ? Integer.parseInt(args[1]) : BATCH_SIZE;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : SEED;

        long start = System.nanoTime();
        FashionMnist.Splits data = FashionMnist.load();
        FashionCnnNet net = new FashionCnnNet(seed);
        System.out.println(net.summary());
        System.out.printf(Locale.ROOT, "Training %d epochs with %s, batch %d, seed %d%n", epochs,
                "the declared optimizer (AdamW, lr 1e-3, weight decay 0.05, cosine decay)", batchSize, seed);
        TrainingHistory history = Trainer.of(net).epochs(epochs).batchSize(batchSize).seed(seed).fit(data.train(), data.test());
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "Final test accuracy: %.4f (%d epochs, %.1f s including data loading)%n",
                history.last().testAccuracy(), epochs, seconds);
    }
}
