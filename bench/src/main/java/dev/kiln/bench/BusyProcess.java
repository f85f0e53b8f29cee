package dev.kiln.bench;

/**
 * A co-tenant for {@link CoTenantBench}: one thread that spins on arithmetic until its standard
 * input closes (its parent stopped it, or died), so no busy process outlives the bench. Prints
 * {@link #SPINNING} once it is running, so the bench times nothing before the load is there.
 */
public final class BusyProcess {
    static final String SPINNING = "SPINNING";

    private BusyProcess() {
    }

    public static void main(String[] args) throws java.io.IOException {
        Thread spinner = new Thread(BusyProcess::spin, "busy");
        spinner.setDaemon(true);
        spinner.start();
        System.out.println(SPINNING);
        System.out.flush();
        while (System.in.read() >= 0) {
            // nothing is sent; reading only waits for the end of the stream
        }
        System.exit(0);
    }

    private static void spin() {
        long x = 1;
        while (x != 0) { // never 0: an odd number times an odd number stays odd
            x = x * 6364136223846793005L + 1442695040888963407L | 1;
        }
        System.out.println(x);
    }
}
