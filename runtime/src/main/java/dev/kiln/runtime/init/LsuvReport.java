package dev.kiln.runtime.init;

import java.util.List;
import java.util.Locale;

/**
 * What {@link Lsuv} did: per weight layer, how many batches it measured and the std of the last
 * one. A layer that did not reach the tolerance within the allowed tries is listed as such (it has
 * still been scaled by its last measurement).
 */
public record LsuvReport(double tolerance, int maxTries, List<Layer> layers) {

    /** One weight layer: {@code finalStd} is the pre-activation std measured on its last try. */
    public record Layer(String name, int tries, double finalStd, boolean converged) {
    }

    public LsuvReport {
        layers = List.copyOf(layers);
    }

    public boolean converged() {
        return layers.stream().allMatch(Layer::converged);
    }

    /** A table: layer, tries, final std, and "not within tol" for layers that did not converge. */
    public String render() {
        int width = Math.max(5, layers.stream().mapToInt(l -> l.name().length()).max().orElse(0));
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "LSUV (tol %s, at most %d tries per layer)%n",
                tolerance, maxTries));
        out.append(String.format(Locale.ROOT, "%-" + width + "s  tries  final std%n", "layer"));
        for (Layer layer : layers) {
            out.append(String.format(Locale.ROOT, "%-" + width + "s  %5d  %.4f%s%n", layer.name(), layer.tries(), layer.finalStd(),
                    layer.converged() ? "" : "  not within tol after " + layer.tries() + " tries"));
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return render();
    }
}
