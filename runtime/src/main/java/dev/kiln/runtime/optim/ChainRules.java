package dev.kiln.runtime.optim;

import dev.kiln.runtime.optim.GradientTransform.Role;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The rules every chain's links obey, composed by a user ({@link ChainComposer}) or assembled from
 * a named optimizer's options: exactly one step, at most one adaptive (moment) link and one weight
 * decay, the direction shaped before the step, and no decay after a step that takes no learning rate.
 * (The parameter average is no {@link GradientTransform}, so it cannot be a link.) A violation is an {@link IllegalArgumentException} that names the chain
 * and lists its links.
 */
final class ChainRules {
    private ChainRules() {
    }

    static void check(String owner, List<GradientTransform> links) {
        List<GradientTransform> steps = links.stream().filter(ChainRules::isStep).toList();
        if (steps.size() != 1) {
            throw problem(owner, links, "needs exactly one link that turns the direction into the step"
                    + " (scaleByLearningRate, momentum, nesterov or an Rprop step), but has " + steps.size());
        }
        List<GradientTransform> moments = links.stream().filter(link -> link.role() == Role.MOMENTS).toList();
        if (moments.size() > 1) {
            throw problem(owner, links, "has two adaptive links, " + moments.get(0).id() + " and " + moments.get(1).id()
                    + ": each would rescale what the other made of the gradient; keep one (RMSProp with momentum is"
                    + " rmsProp's scaling followed by the momentum step)");
        }
        if (links.stream().filter(link -> link.role() == Role.DECAY).count() > 1) {
            throw problem(owner, links, "decays the weights twice; keep one addDecayedWeights");
        }
        GradientTransform step = steps.get(0);
        int stepIndex = links.indexOf(step);
        for (GradientTransform link : links.subList(stepIndex + 1, links.size())) {
            if (link.role() == Role.MOMENTS || link.role() == Role.LAYERWISE) {
                throw problem(owner, links, "has " + link.id() + " after the step " + step.id()
                        + "; it shapes the direction, so it must come before the learning rate is applied");
            }
            if (link.role() == Role.DECAY && step.role() == Role.SELF_SIZED_STEP) {
                throw problem(owner, links, "decays the weights after " + step.id() + ", which sizes its own steps and has no"
                        + " learning rate to scale a decay with; put addDecayedWeights before it (the L2 form)");
            }
        }
    }

    static boolean isStep(GradientTransform link) {
        return link.role() == Role.STEP || link.role() == Role.SELF_SIZED_STEP;
    }

    private static IllegalArgumentException problem(String owner, List<GradientTransform> links, String what) {
        return new IllegalArgumentException("optimizer " + owner + " " + what + "; its links: " + describe(links));
    }

    /** The links in order, e.g. {@code clipGlobalNorm(1.0) -> adam(beta1=0.9, ...) -> decay -> lr}. */
    static String describe(List<GradientTransform> links) {
        return links.stream().map(ChainRules::describe).collect(Collectors.joining(" -> "));
    }

    /** One link: its toString where that is {@code id} or {@code id(...)}, else {@code id(toString)}, e.g. {@code adam(beta1=0.9, ...)}. */
    static String describe(GradientTransform link) {
        String text = link.toString();
        return text.equals(link.id()) || text.startsWith(link.id() + "(") ? text : link.id() + "(" + text + ")";
    }
}
