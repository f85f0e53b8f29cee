package dev.kiln.processor.plan;

import dev.kiln.ir.AddSpec;
import dev.kiln.ir.ModelGraph;
import dev.kiln.processor.plan.NetPlan.Section;
import dev.kiln.processor.read.LayerSite;
import dev.kiln.processor.read.ModelPart;
import dev.kiln.processor.read.ReadModel;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Splits the code of a model too large for single methods along the model's structure: whole
 * declarations while they fit a section's budget ({@code conv1 ... maxPool}, {@code transition1}),
 * a block stage that does not fit by runs of its units ({@code layer3, units 0 to 5}), and a unit
 * that alone does not fit by runs of its layers. A unit with stochastic depth is never split: its
 * gate opens and closes around its branch. A model whose code fits unsplit methods has one
 * section, and its generated code is written as before.
 */
final class Sectioning {
    private final ReadModel model;
    private final ModelGraph graph;
    private final NodeCosts costs;
    private final List<Section> sections = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    /** Whole parts gathered for the next section: {@code [pendingFirst, pendingEnd)}. */
    private final List<ModelPart> pending = new ArrayList<>();

    private Sectioning(ReadModel model, ModelGraph graph, NodeCosts costs) {
        this.model = model;
        this.graph = graph;
        this.costs = costs;
    }

    static List<Section> of(ReadModel model, ModelGraph graph, NodeCosts costs) {
        int nodes = graph.nodes().size();
        if (costs.fitsUnsplit(nodes)) {
            return List.of(new Section("the whole model", "", 0, nodes));
        }
        Sectioning sectioning = new Sectioning(model, graph, costs);
        for (ModelPart part : model.parts()) {
            sectioning.add(part);
        }
        sectioning.closePending();
        return List.copyOf(sectioning.sections);
    }

    private void add(ModelPart part) {
        int first = pending.isEmpty() ? part.first() : pending.get(0).first();
        if (costs.fitsSection(first, part.end())) {
            pending.add(part);
            return;
        }
        closePending();
        if (costs.fitsSection(part.first(), part.end())) {
            pending.add(part);
            return;
        }
        splitByUnits(part);
    }

    private void closePending() {
        if (pending.isEmpty()) {
            return;
        }
        ModelPart head = pending.get(0);
        ModelPart tail = pending.get(pending.size() - 1);
        String label = pending.size() == 1 ? head.name() : head.name() + " ... " + tail.name();
        String name = pending.size() == 1 ? capitalized(head.name()) : capitalized(head.name()) + "To" + capitalized(tail.name());
        section(head, label, name, head.first(), tail.end());
        pending.clear();
    }

    /** Runs of whole units while they fit; a unit that alone does not fit, by runs of its layers. */
    private void splitByUnits(ModelPart part) {
        int unit = 0;
        while (unit < part.units()) {
            int last = unit;
            while (last + 1 < part.units() && costs.fitsSection(part.unitStart(unit), part.unitEnd(last + 1))) {
                last++;
            }
            if (last == unit && !costs.fitsSection(part.unitStart(unit), part.unitEnd(unit)) && !isStochastic(part, unit)) {
                splitByLayers(part, unit);
            } else if (last == unit) {
                section(part, part.name() + ", unit " + unit, capitalized(part.name()) + "Unit" + unit, part.unitStart(unit),
                        part.unitEnd(unit));
            } else {
                section(part, part.name() + ", units " + unit + " to " + last, capitalized(part.name()) + "Units" + unit + "To" + last,
                        part.unitStart(unit), part.unitEnd(last));
            }
            unit = last + 1;
        }
    }

    private void splitByLayers(ModelPart part, int unit) {
        int first = part.unitStart(unit);
        int end = part.unitEnd(unit);
        while (first < end) {
            int stop = first + 1;
            while (stop < end && costs.fitsSection(first, stop + 1)) {
                stop++;
            }
            String from = graph.nodes().get(first).name();
            String to = graph.nodes().get(stop - 1).name();
            section(part, part.name() + ", unit " + unit + ": " + (stop - first == 1 ? from : from + " ... " + to),
                    capitalized(from) + (stop - first == 1 ? "" : "To" + capitalized(to)), first, stop);
            first = stop;
        }
    }

    /** True when the unit ends in an addition with stochastic depth, whose gate brackets the unit's code. */
    private boolean isStochastic(ModelPart part, int unit) {
        return graph.nodes().get(part.unitEnd(unit) - 1).layer() instanceof AddSpec add && add.stochastic();
    }

    /** Adds a section; its label ends with where {@code part} (the first of the section's declarations) is declared. */
    private void section(ModelPart part, String label, String name, int first, int end) {
        String unique = name;
        for (int n = 2; !names.add(unique); n++) {
            unique = name + "_" + n;
        }
        // A stage's own layers point at the block class; its joins at the stage's field.
        LayerSite site = model.layers().get(part.isStage() ? part.end() - 1 : part.first());
        sections.add(new Section(label + site.location().map(at -> " (" + at + ")").orElse(""), unique, first, end));
    }

    private static String capitalized(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
