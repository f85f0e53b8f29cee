package dev.kiln.processor.generator;

import java.util.ArrayList;
import java.util.List;

/**
 * Every layer kind, with its baseline attributes, in every host position: among vectors and among
 * images, reading the model input, as the model's output, inside a residual and a dense block's
 * class, and twice in a row. Most places are wrong for some kind; each must be a Kiln error or a
 * model that runs.
 */
final class LayerKindCases {
    private static final String CLASS_PREFIX = "Kind";
    private static final List<Host> PLACES = List.of(Host.VECTOR, Host.IMAGE, Host.FIRST_VECTOR, Host.FIRST_IMAGE, Host.LAST_VECTOR,
            Host.LAST_IMAGE, Host.IN_RESIDUAL_BLOCK, Host.IN_DENSE_BLOCK);

    private LayerKindCases() {
    }

    static List<Case> all() {
        List<Case> cases = new ArrayList<>();
        for (Target target : Targets.LAYERS) {
            String kind = target.type().getSimpleName();
            for (Host host : PLACES) {
                String className = Sources.className(CLASS_PREFIX, cases.size());
                cases.add(new Case(kind + " in " + host, Case.Origin.LAYER_KIND,
                        List.of(Sources.of(className, host.source(className, target.field(target.baseline()))))));
            }
            String twice = target.field(target.baseline()) + " " + target.field(target.baseline()).replace(" target;", " again;");
            String className = Sources.className(CLASS_PREFIX, cases.size());
            cases.add(new Case(kind + " twice in " + target.host(), Case.Origin.LAYER_KIND,
                    List.of(Sources.of(className, target.host().source(className, twice)))));
        }
        return cases;
    }
}
