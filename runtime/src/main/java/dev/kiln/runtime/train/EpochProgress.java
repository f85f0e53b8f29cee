package dev.kiln.runtime.train;

import dev.kiln.runtime.metrics.MetricAccumulator;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The progress of one epoch: on a terminal a progress bar (steps, running loss and metrics, ETA)
 * redrawn in place; elsewhere (a log file, a pipe, CI) plain lines at every tenth of the epoch,
 * without the carriage returns a bar redraws with; or nothing when progress is off.
 */
abstract class EpochProgress implements AutoCloseable {
    // Redrawing more often than this costs time and shows nothing a reader can follow.
    private static final int REDRAW_MILLIS = 250;
    private static final int LINES_PER_EPOCH = 10;

    static EpochProgress silent() {
        return new EpochProgress() {
            @Override
            void update(long step, double loss, MetricAccumulator metrics) {
            }
        };
    }

    /** A bar on the real console, plain lines on any other stream. */
    static EpochProgress bar(String task, long steps, PrintStream out) {
        boolean console = out == System.out && System.console() != null;
        return console ? new Bar(task, steps, out) : new Lines(task, steps, out);
    }

    /** The progress at {@code step} with the running loss and the running metrics. */
    abstract void update(long step, double loss, MetricAccumulator metrics);

    @Override
    public void close() {
    }

    static String message(double loss, MetricAccumulator metrics) {
        return String.format(Locale.ROOT, "loss %.4f ", loss) + metrics.progress();
    }

    private static final class Bar extends EpochProgress {
        private final ProgressBar bar;

        Bar(String task, long steps, PrintStream out) {
            bar = new ProgressBarBuilder()
                    .setTaskName(task)
                    .setInitialMax(steps)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(REDRAW_MILLIS)
                    .setConsumer(new ConsoleProgressBarConsumer(out))
                    .build();
        }

        @Override
        void update(long step, double loss, MetricAccumulator metrics) {
            bar.stepTo(step);
            bar.setExtraMessage(message(loss, metrics));
        }

        @Override
        public void close() {
            bar.close();
        }
    }

    /** One line each time the epoch passes another tenth of its steps. */
    private static final class Lines extends EpochProgress {
        private final String task;
        private final long steps;
        private final PrintStream out;
        private long printedTenths;

        Lines(String task, long steps, PrintStream out) {
            this.task = task;
            this.steps = steps;
            this.out = out;
        }

        @Override
        void update(long step, double loss, MetricAccumulator metrics) {
            long tenths = step * LINES_PER_EPOCH / steps;
            if (tenths > printedTenths && step < steps) {
                printedTenths = tenths;
                out.println(task + "  step " + step + "/" + steps + "  " + message(loss, metrics));
            }
        }
    }
}
