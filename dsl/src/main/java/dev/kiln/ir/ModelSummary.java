package dev.kiln.ir;

import dev.kiln.dsl.Numbers;

import java.util.ArrayList;
import java.util.List;

/**
 * The model summary: per layer its kind, output shape, parameters, multiply-adds per example and
 * initializers; totals at the bottom. Computed from the IR, so the compile-time note and the
 * generated {@code summary()} print the same table.
 */
public final class ModelSummary {

    public record Row(String layer, String kind, String output, long parameters, long multiplyAdds, String init) {
    }

    private final ModelGraph graph;
    private final List<Row> rows;

    private ModelSummary(ModelGraph graph, List<Row> rows) {
        this.graph = graph;
        this.rows = List.copyOf(rows);
    }

    /** Summarizes a graph whose shapes infer without problems. */
    public static ModelSummary of(ModelGraph graph) {
        ShapeInference.Result shapes = ShapeInference.infer(graph);
        if (!shapes.ok()) {
            throw new IllegalArgumentException("model " + graph.name() + " has shape problems: "
                    + shapes.problems().get(0).message());
        }
        List<Row> rows = new ArrayList<>();
        for (Node node : graph.nodes()) {
            Shape in = shapes.inputOf(node);
            LayerSpec layer = node.layer();
            rows.add(new Row(node.name(), layer.describe(in) + reads(graph, node), shapes.outputOf(node).toString(),
                    layer.parameterCount(in), layer.multiplyAdds(in), initOf(layer)));
        }
        return new ModelSummary(graph, rows);
    }

    /** For a node that does not just read the one above it: {@code  <- maxPool, layer1_0_bn2}. */
    private static String reads(ModelGraph graph, Node node) {
        if (node.inputs().equals(List.of(node.index() - 1))) {
            return "";
        }
        StringBuilder text = new StringBuilder(" <- ");
        for (int i = 0; i < node.inputs().size(); i++) {
            int source = node.inputs().get(i);
            text.append(i == 0 ? "" : ", ").append(source == Node.MODEL_INPUT ? "input" : graph.nodes().get(source).name());
        }
        return text.toString();
    }

    private static String initOf(LayerSpec layer) {
        if (layer instanceof DenseSpec dense) {
            return dense.bias() ? "W " + dense.weightInit() + ", b " + dense.biasInit() : "W " + dense.weightInit();
        }
        return "";
    }

    public List<Row> rows() {
        return rows;
    }

    public long totalParameters() {
        return rows.stream().mapToLong(Row::parameters).sum();
    }

    public long totalMultiplyAdds() {
        return rows.stream().mapToLong(Row::multiplyAdds).sum();
    }

    /** The model's name, input and loss on one line, then {@link #table()}. */
    public String render() {
        return "Model " + graph.name() + ": input " + graph.input() + ", loss " + graph.loss().description() + "\n" + table();
    }

    /** A fixed-width text table: one row per layer, the totals last. */
    public String table() {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"layer", "kind", "output", "params", "mult-adds", "init"});
        for (Row row : rows) {
            cells.add(new String[] {row.layer(), row.kind(), row.output(), Numbers.grouped(row.parameters()),
                    Numbers.grouped(row.multiplyAdds()), row.init()});
        }
        cells.add(new String[] {"total", "", "", Numbers.grouped(totalParameters()),
                Numbers.grouped(totalMultiplyAdds()), ""});
        int[] widths = new int[6];
        for (String[] line : cells) {
            for (int c = 0; c < line.length; c++) {
                widths[c] = Math.max(widths[c], line[c].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i == 1 || i == cells.size() - 1) {
                out.append(rule(widths)).append('\n');
            }
            out.append(line(cells.get(i), widths)).append('\n');
        }
        return out.toString();
    }

    private static String line(String[] cells, int[] widths) {
        StringBuilder out = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            boolean numeric = c == 3 || c == 4;
            String cell = cells[c];
            String pad = " ".repeat(widths[c] - cell.length());
            out.append(numeric ? pad + cell : cell + pad);
            if (c < cells.length - 1) {
                out.append("  ");
            }
        }
        return out.toString().stripTrailing();
    }

    private static String rule(int[] widths) {
        int total = 0;
        for (int w : widths) {
            total += w + 2;
        }
        return "-".repeat(total - 2);
    }
}
