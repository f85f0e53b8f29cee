package dev.kiln.processor.read;

import dev.kiln.dsl.Lints;
import dev.kiln.ir.WeightedSpec;
import dev.kiln.ir.ModelGraph;
import dev.kiln.ir.SpecKinds;
import dev.kiln.processor.Diagnostics;
import dev.kiln.processor.Message;

import java.util.ArrayList;
import java.util.List;

/**
 * A bias right before batch norm does nothing: the batch mean it subtracts includes the bias, and
 * beta shifts the output instead (reference 7.2). Kiln warns (KILN-W010) and drops such biases,
 * unless the field suppresses the warning, which is how a user insists on keeping one.
 */
public final class RedundantBias {
    private RedundantBias() {
    }

    static List<LayerSite> drop(List<LayerSite> sites, ModelGraph graph, ReadContext context) {
        List<LayerSite> result = new ArrayList<>(sites.size());
        for (int i = 0; i < sites.size(); i++) {
            LayerSite site = sites.get(i);
            int norm = SpecKinds.batchNormFedBy(graph, i);
            if (norm >= 0 && ((WeightedSpec) site.spec()).bias() && !Diagnostics.isSuppressed(site.field(), Lints.BIAS_BEFORE_NORM)) {
                WeightedSpec weighted = (WeightedSpec) site.spec();
                context.diagnostics().report(Message.BIAS_BEFORE_NORM, Lints.BIAS_BEFORE_NORM,
                        site.attribute("bias"),
                        "declare bias = false to say so, or suppress with @SuppressWarnings(Lints.BIAS_BEFORE_NORM) to keep the bias",
                        site.name(), context.modelName(), sites.get(norm).name());
                result.add(site.withSpec(weighted.withBias(false)));
            } else {
                result.add(site);
            }
        }
        return result;
    }
}
