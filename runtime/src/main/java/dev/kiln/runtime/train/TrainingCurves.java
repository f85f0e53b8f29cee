package dev.kiln.runtime.train;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Writes the training curves as PNG files at the end of a fit, with XChart (headless): loss and
 * accuracy per epoch, training and held-out, into {@code <prefix>-loss.png} and
 * {@code <prefix>-accuracy.png}. {@code Trainer.of(net).listener(TrainingCurves.to(dir.resolve("run")))}.
 */
public final class TrainingCurves implements TrainingListener {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 550;

    private final Path prefix;
    private List<Path> written = List.of();

    private TrainingCurves(Path prefix) {
        this.prefix = prefix;
    }

    /** Curves into {@code prefix + "-loss.png"} and {@code prefix + "-accuracy.png"}. */
    public static TrainingCurves to(Path prefix) {
        return new TrainingCurves(prefix);
    }

    /** The files of the last fit. */
    public List<Path> files() {
        return written;
    }

    @Override
    public void onFitEnd(TrainingContext context, TrainingHistory history) {
        if (history.size() == 0) {
            return;
        }
        System.setProperty("java.awt.headless", "true");
        try {
            Path loss = prefix.resolveSibling(prefix.getFileName() + "-loss.png");
            Path accuracy = prefix.resolveSibling(prefix.getFileName() + "-accuracy.png");
            if (loss.toAbsolutePath().getParent() != null) {
                Files.createDirectories(loss.toAbsolutePath().getParent());
            }
            draw(loss, context.net().graph().name() + ": loss", "loss", history, EpochResult::trainLoss, EpochResult::testLoss);
            draw(accuracy, context.net().graph().name() + ": accuracy", "accuracy", history, EpochResult::trainAccuracy,
                    EpochResult::testAccuracy);
            written = List.of(loss, accuracy);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the training curves " + prefix + "-*.png", e);
        }
    }

    private static void draw(Path file, String title, String yAxis, TrainingHistory history,
                             ToDoubleFunction<EpochResult> train, ToDoubleFunction<EpochResult> test) throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("epoch")
                .yAxisTitle(yAxis).build();
        double[] epochs = history.epochs().stream().mapToDouble(EpochResult::epoch).toArray();
        chart.addSeries("train", epochs, history.epochs().stream().mapToDouble(train).toArray())
                .setMarker(SeriesMarkers.CIRCLE);
        double[] held = history.epochs().stream().mapToDouble(test).toArray();
        if (java.util.Arrays.stream(held).noneMatch(Double::isNaN)) {
            chart.addSeries("held-out", epochs, held).setMarker(SeriesMarkers.DIAMOND);
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
