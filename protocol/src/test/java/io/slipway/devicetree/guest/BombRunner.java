package io.slipway.devicetree.guest;

/**
 * Runs the bomb corpus in this JVM and exits 0 when every case was answered acceptably: the body of
 * {@link BoundedMemoryTests}' child JVM, started with a small heap. Prints one line per failed case
 * and a summary; an {@link OutOfMemoryError} or {@link StackOverflowError} ends it with exit code
 * 3.
 */
public final class BombRunner {
    private BombRunner() {}

    public static void main(String[] args) {
        int failed = 0;
        int cases = 0;
        try {
            for (Bombs.Case bomb : Bombs.all()) {
                cases++;
                String problem = Bombs.check(bomb);
                if (problem != null) {
                    failed++;
                    System.out.println("FAILED " + bomb.name() + ": " + problem);
                }
            }
        } catch (OutOfMemoryError | StackOverflowError e) {
            System.out.println("DIED at case " + cases + ": " + e);
            System.exit(3);
        }
        System.out.println("bombs: " + cases + " cases, " + failed + " failed");
        System.exit(failed == 0 ? 0 : 1);
    }
}
