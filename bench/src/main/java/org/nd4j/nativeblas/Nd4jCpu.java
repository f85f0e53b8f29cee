package org.nd4j.nativeblas;

/**
 * Not part of Kiln: a stand-in that lets DL4J 1.0.0-M2.1 find out whether libnd4j has oneDNN.
 *
 * <p>DL4J's {@code BaseMKLDNNHelper.mklDnnEnabled()} looks the answer up by reflection in
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment.isUseMKLDNN()}, a class that ND4J M2.1 moved to
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu} and whose method it renamed to
 * {@code isUseONEDNN()}. The lookup therefore always fails and DL4J runs its convolution, batch
 * norm and pooling layers without their oneDNN helpers, whatever the binary. The benchmark
 * supplies the old name, forwarding to the new one, so DL4J can use the helpers its authors wrote
 * for it (see {@code Dl4jHelpers}). Only the benchmark module's class path has it. The new class is
 * looked up by name, so the bench also compiles and runs on ND4J's CUDA backend, which has no
 * oneDNN (the answer is then false).
 */
public final class Nd4jCpu {
    private Nd4jCpu() {
    }

    /** The part of the old binding DL4J calls. */
    public static final class Environment {
        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        public static Environment getInstance() {
            return INSTANCE;
        }

        public boolean isUseMKLDNN() {
            try {
                Class<?> environment = Class.forName("org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment");
                Object instance = environment.getMethod("getInstance").invoke(null);
                return (Boolean) environment.getMethod("isUseONEDNN").invoke(instance);
            } catch (ClassNotFoundException notTheCpuBackend) {
                return false;
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("ND4J's CPU binding changed: " + e, e);
            }
        }
    }
}
