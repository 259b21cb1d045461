package dev.gridmint.node.agent.gpu;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/** One shared library opened for the FFM linker, whose C functions are bound by name. */
final class NativeLibrary {

    /** Longest C string read back from a library (error names): far above any CUDA or cuBLAS name. */
    private static final long MAX_NAME_BYTES = 256;

    private final String name;
    private final SymbolLookup symbols;

    private NativeLibrary(String name, SymbolLookup symbols) {
        this.name = name;
        this.symbols = symbols;
    }

    /**
     * Opens a library by file path or by soname (then the system loader searches for it). Kept open for
     * the JVM's life: the agent uses the GPU until it exits, and unloading CUDA is not supported anyway.
     *
     * @throws LibraryUnavailable when the loader cannot open it
     */
    static NativeLibrary open(String library) {
        try {
            return new NativeLibrary(library, SymbolLookup.libraryLookup(library, Arena.global()));
        } catch (IllegalArgumentException | IllegalCallerException e) {
            throw new LibraryUnavailable(library + " could not be loaded (" + e.getMessage() + ")");
        }
    }

    /**
     * @throws LibraryUnavailable when the library lacks the function: too old a version, or another library of that name
     */
    MethodHandle function(String function, FunctionDescriptor descriptor) {
        MemorySegment symbol = symbols.find(function).orElseThrow(() -> new LibraryUnavailable(name + " has no " + function));
        return Linker.nativeLinker().downcallHandle(symbol, descriptor);
    }

    String name() {
        return name;
    }

    /** Calls a bound function that returns a C int (a CUresult or a cublasStatus_t). */
    static int callInt(MethodHandle function, Object... arguments) {
        return (int) call(function, arguments);
    }

    static Object call(MethodHandle function, Object... arguments) {
        try {
            return function.invokeWithArguments(arguments);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            // A downcall declares Throwable but throws nothing checked; this keeps the compiler content.
            throw new IllegalStateException(e);
        }
    }

    /** The C string a library returned, or {@code fallback} for a null pointer. */
    static String string(MemorySegment pointer, String fallback) {
        return pointer.equals(MemorySegment.NULL) ? fallback : pointer.reinterpret(MAX_NAME_BYTES).getString(0);
    }

    /** A library, or a function in it, that this machine does not have: the GPU path is not available. */
    static final class LibraryUnavailable extends RuntimeException {
        LibraryUnavailable(String message) {
            super(message);
        }
    }
}
