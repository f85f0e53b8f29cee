package dev.kiln.processor.read;

import dev.kiln.ir.ActivationFunction;
import dev.kiln.ir.FollowingActivation;
import dev.kiln.ir.WeightedSpec;
import dev.kiln.ir.ModelGraph;

import java.util.ArrayList;
import java.util.List;

/**
 * Makes every initializer concrete: {@code DEFAULT} becomes the scheme that suits the activation
 * the layer feeds (reference section 5), and an unset gain, of the weight's or the bias's
 * initializer, becomes that activation's gain. After
 * this step the IR says exactly what the generated code will draw.
 */
final class InitDefaults {
    private InitDefaults() {
    }

    static List<LayerSite> resolve(List<LayerSite> sites, ModelGraph graph) {
        List<LayerSite> resolved = new ArrayList<>(sites.size());
        for (int i = 0; i < sites.size(); i++) {
            LayerSite site = sites.get(i);
            if (site.spec() instanceof WeightedSpec weighted) {
                ActivationFunction activation = FollowingActivation.of(graph, i);
                resolved.add(site.withSpec(weighted.withInits(weighted.weightInit().resolveForWeights(activation),
                        weighted.biasInit().resolveForBias(activation))));
            } else {
                resolved.add(site);
            }
        }
        return resolved;
    }
}
