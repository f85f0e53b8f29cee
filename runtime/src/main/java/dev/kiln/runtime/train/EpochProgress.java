package dev.kiln.runtime.train;

import dev.kiln.runtime.metrics.MetricAccumulator;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.util.Locale;

/** The progress bar of one epoch (steps, running loss and metrics, ETA), or nothing when progress is off. */
final class EpochProgress implements AutoCloseable {
    // Redrawing more often than this costs time and shows nothing a reader can follow.
    private static final int REDRAW_MILLIS = 250;
    // Used when the output is not a terminal whose width could be asked for.
    private static final int FIXED_WIDTH = 110;

    private final ProgressBar bar;

    private EpochProgress(ProgressBar bar) {
        this.bar = bar;
    }

    static EpochProgress silent() {
        return new EpochProgress(null);
    }

    static EpochProgress bar(String task, long steps, PrintStream out) {
        // Asking the terminal for its width only makes sense for the real console; otherwise the
        // progress bar library would probe (and warn about) a terminal that is not there.
        boolean console = out == System.out && System.console() != null;
        ProgressBarConsumer consumer = console ? new ConsoleProgressBarConsumer(out)
                : new ConsoleProgressBarConsumer(out, FIXED_WIDTH);
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(steps)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(REDRAW_MILLIS)
                .setConsumer(consumer)
                .build();
        return new EpochProgress(bar);
    }

    /** The bar at {@code step} with the running loss and the running metrics. */
    void update(long step, double loss, MetricAccumulator metrics) {
        if (bar != null) {
            bar.stepTo(step);
            bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f ", loss) + metrics.progress());
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
