package dev.kiln.processor.read;

import dev.kiln.dsl.Shortcut;
import dev.kiln.ir.ActivationFunction;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.VariableElement;
import java.util.List;

/**
 * One field of a model as read, before blocks are expanded into graph nodes: a plain layer, a
 * stage of residual units, a dense block or a transition. Block stages carry the layers of their
 * block class, read once.
 */
sealed interface Declaration {

    /** The field's name. */
    String name();

    /** A plain layer field. */
    record Layer(LayerSite site) implements Declaration {
        @Override
        public String name() {
            return site.name();
        }
    }

    /** A repeated block: {@code repeat} units of the block class's layers, each closed by a join. */
    sealed interface Stage extends Declaration {
        VariableElement field();

        AnnotationMirror annotation();

        List<LayerSite> block();

        int repeat();
    }

    /** {@code @Residual}: {@code repeat} units of the block's layers, each closed by a shortcut addition. */
    record ResidualStage(String name, VariableElement field, AnnotationMirror annotation, List<LayerSite> block, int repeat,
                         int width, int stride, String strideAt, ActivationFunction activation, Shortcut shortcut,
                         boolean projectionNorm, double survival, boolean linearDecay) implements Stage {
    }

    /** {@code @DenseBlock}: {@code repeat} units of the block's layers, each closed by a channel concatenation. */
    record DenseStage(String name, VariableElement field, AnnotationMirror annotation, List<LayerSite> block, int repeat,
                      int width) implements Stage {
    }

    /** {@code @Transition}: BN, ReLU, 1x1 conv to floor(compression C) channels, 2x2 average pool. */
    record Transition(String name, VariableElement field, AnnotationMirror annotation, double compression)
            implements Declaration {
    }

    /** A block field whose annotation had errors (already reported); expands to one invalid site. */
    record Invalid(String name, VariableElement field, AnnotationMirror annotation) implements Declaration {
    }
}
