package dev.kiln.samples.signal;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Draws the report's PNG plots with XChart, headless, on logarithmic y axes (the curves are powers of kσ²). */
public final class SignalCharts {
    private SignalCharts() {
    }

    /** Writes every plot into {@code directory} and returns the files written. */
    public static List<Path> write(Path directory, List<SignalProfile> sweeps, List<SignalProfile> schemes,
                                   List<MatrixProducts.Spread> gaussian, List<MatrixProducts.Spread> orthogonal) throws IOException {
        Files.createDirectories(directory);
        List<Path> files = new ArrayList<>();
        files.add(layerChart(directory.resolve("sweep-forward.png"), "k*sigma^2 sweep: activations", "variance (E[x^2] for ReLU)",
                sweeps, true));
        files.add(layerChart(directory.resolve("sweep-gradients.png"), "k*sigma^2 sweep: gradients", "gradient variance", sweeps, false));
        Predicate<SignalProfile> relu = p -> p.setting().rectified();
        files.add(layerChart(directory.resolve("schemes-linear-forward.png"), "Named schemes, linear: activations", "variance",
                schemes.stream().filter(relu.negate()).toList(), true));
        files.add(layerChart(directory.resolve("schemes-relu-forward.png"), "Named schemes, ReLU: activations", "E[x^2]",
                schemes.stream().filter(relu).toList(), true));
        files.add(layerChart(directory.resolve("schemes-relu-gradients.png"), "Named schemes, ReLU: gradients", "gradient variance",
                schemes.stream().filter(relu).toList(), false));
        files.add(productChart(directory.resolve("matrix-products.png"), gaussian, orthogonal));
        return files;
    }

    private static Path layerChart(Path file, String title, String yAxis, List<SignalProfile> profiles, boolean forward) throws IOException {
        Map<String, double[]> series = new LinkedHashMap<>();
        for (SignalProfile profile : profiles) {
            series.put(profile.setting().label(), forward ? profile.forward() : profile.backward());
        }
        return save(file, chart(title, "layer", yAxis), series, layers(SignalPropagation.DEPTH));
    }

    private static Path productChart(Path file, List<MatrixProducts.Spread> gaussian, List<MatrixProducts.Spread> orthogonal) throws IOException {
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("Gaussian: largest", gaussian.stream().mapToDouble(MatrixProducts.Spread::largest).toArray());
        series.put("Gaussian: smallest", gaussian.stream().mapToDouble(MatrixProducts.Spread::smallest).toArray());
        series.put("orthogonal: largest", orthogonal.stream().mapToDouble(MatrixProducts.Spread::largest).toArray());
        series.put("orthogonal: smallest", orthogonal.stream().mapToDouble(MatrixProducts.Spread::smallest).toArray());
        return save(file, chart("Products of 100x100 matrices (k*sigma^2 = 1)", "matrices in the product", "singular value"),
                series, layers(MatrixProducts.DEPTH));
    }

    private static XYChart chart(String title, String xAxis, String yAxis) {
        XYChart chart = new XYChartBuilder().width(1000).height(650).title(title).xAxisTitle(xAxis).yAxisTitle(yAxis).build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        return chart;
    }

    private static Path save(Path file, XYChart chart, Map<String, double[]> series, double[] x) throws IOException {
        for (Map.Entry<String, double[]> line : series.entrySet()) {
            chart.addSeries(line.getKey(), x, line.getValue()).setMarker(SeriesMarkers.CIRCLE);
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        return file;
    }

    private static double[] layers(int depth) {
        double[] x = new double[depth];
        for (int i = 0; i < depth; i++) {
            x[i] = i + 1;
        }
        return x;
    }
}
