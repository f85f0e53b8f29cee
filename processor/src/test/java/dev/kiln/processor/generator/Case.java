package dev.kiln.processor.generator;

import javax.tools.JavaFileObject;
import java.util.List;

/**
 * One generated model: a name that says what it tries ({@code Dense.units=-1},
 * {@code mutation:docs/residual.md#17}), where it comes from, and its sources (a model class, or
 * a whole docs page or samples package, compiled together).
 */
record Case(String name, Origin origin, List<JavaFileObject> sources) {

    /**
     * True for the small systematic cases, whose classes are their own (package {@code gen}, unique
     * names), so that they can be compiled together; mutations keep their units' packages and names,
     * and architectures are large enough to compile alone.
     */
    boolean compilesWithOthers() {
        return origin == Origin.ATTRIBUTE || origin == Origin.LAYER_KIND;
    }

    /** True when the generated or source file {@code simpleName} (without {@code .java}) is this case's: its model's net, or a nested model's. */
    boolean owns(String simpleName) {
        for (JavaFileObject source : sources) {
            String name = source.getName();
            String model = name.substring(name.lastIndexOf('/') + 1, name.length() - ".java".length());
            if (simpleName.equals(model) || simpleName.equals(model + "Net") || simpleName.startsWith(model + "_")) {
                return true;
            }
        }
        return false;
    }

    /** Which source of cases made it, for the counts. */
    enum Origin {
        /** One attribute of one annotation at a boundary value. */
        ATTRIBUTE,
        /** One layer kind, with its defaults, in one place of a host model. */
        LAYER_KIND,
        /** A published architecture at full depth, small inputs and widths. */
        ARCHITECTURE,
        /** A seeded random mutation of a model of the samples or the docs. */
        MUTATION
    }
}
